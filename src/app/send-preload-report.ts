import { z } from 'zod';
import { verifyPreloadToken } from '../rollout/action-token';
import { fileInfoCard } from '../teams/files/file-cards';
import { uploadToConsentSession } from '../teams/files/file-upload';
import type { RolloutDeps } from './deps';
import type { PreloadUseCases } from './preload-teams-port';

/** What Teams sends when the user accepts a FileConsentCard (fileConsent/invoke), as far as we use it. */
const acceptedConsent = z.object({
  action: z.literal('accept'),
  context: z.object({ token: z.string().min(10).max(1024) }),
  uploadInfo: z.object({
    name: z.string().min(1).max(255),
    uploadUrl: z.url({ protocol: /^https?$/ }),
    contentUrl: z.string().min(1).max(4096),
    uniqueId: z.string().min(1).max(200),
    fileType: z.string().max(50).default(''),
  }),
});

export type PreloadReportAnswer =
  /**
   * `upload` (run it after answering the invoke: a 50,000-row report takes a few seconds to reach
   * OneDrive) puts the report there and returns the file card to post.
   */
  | { ok: true; upload: () => Promise<ReturnType<typeof fileInfoCard>> }
  | { ok: false; reason: 'invalid' | 'not-admin' | 'gone' };

/**
 * The admin accepted the report's FileConsentCard: the report (numbers masked) is PUT into the
 * upload session Teams opened in their OneDrive, and a file card points at it. The consent's
 * context carries a token for this one dry run, and the accepter must be a rollout admin.
 */
export async function sendPreloadReport(
  deps: RolloutDeps,
  preload: PreloadUseCases,
  input: { value: unknown; clickerId: string | undefined; isAdmin: boolean; locale?: string },
): Promise<PreloadReportAnswer> {
  const parsed = acceptedConsent.safeParse(input.value);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const check = verifyPreloadToken(
    parsed.data.context.token,
    deps.config.ACTION_TOKEN_SECRET,
    deps.now(),
    'preload-report',
  );
  if (!check.ok) {
    await deps.audit.append({
      at: deps.now().toISOString(),
      actor: input.clickerId ?? 'unknown',
      action: 'preload-report-refused',
      detail: check.reason,
    });
    return { ok: false, reason: check.reason === 'expired' ? 'gone' : 'invalid' };
  }
  if (!input.isAdmin) return { ok: false, reason: 'not-admin' };
  const report = await preload.reportCsv(check.claims.preloadId, input.locale);
  if (report === undefined) return { ok: false, reason: 'gone' };
  const { uploadInfo } = parsed.data;
  return {
    ok: true,
    upload: async () => {
      await uploadToConsentSession(uploadInfo.uploadUrl, Buffer.from(report, 'utf8'));
      return fileInfoCard(uploadInfo);
    },
  };
}
