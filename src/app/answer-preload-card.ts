import { t } from '../cards/locales';
import { verifyPreloadToken } from '../rollout/action-token';
import { assertNever } from '../rollout/assert-never';
import type { CardActionContext, CardActionResult } from './card-action-types';
import { auditClick, refuseClick, refuseWithNotice } from './card-refusal';
import type { RolloutDeps } from './deps';
import { composePreloadRunCard } from './preload-card';
import type { PreloadUseCases } from './preload-teams-port';
import { showPreloadProgress } from './show-preload-progress';

/**
 * Apply on a phone preload's dry-run card. The token names one dry run and verifies for this button
 * only; the clicker must be a rollout admin (any admin: the card may have been forwarded, the
 * writes are theirs and audited under their name). The card becomes the progress card at once;
 * the apply job updates it in place as it goes (show-preload-progress.ts).
 */
export async function answerPreloadApply(
  deps: RolloutDeps,
  token: string,
  clickerId: string | undefined,
  locale: string | undefined,
  context: CardActionContext | undefined,
): Promise<CardActionResult> {
  const check = verifyPreloadToken(token, deps.config.ACTION_TOKEN_SECRET, deps.now(), 'preload-apply');
  if (!check.ok) return refuseClick(deps, check.reason, clickerId, undefined, locale, true);
  if (!context?.preload) return refuseClick(deps, 'invalid-data', clickerId, undefined, locale, true);
  if (!clickerId || !(await context.isAdmin(clickerId))) {
    return refuseWithNotice(deps, 'not-admin', clickerId, t(locale, 'preload.card.notice.notAdmin'));
  }
  const { preloadId } = check.claims;
  const actor = { id: clickerId, name: context.clickerName || clickerId };
  const applied = await context.preload.apply(preloadId, actor);
  if (!applied.ok) {
    switch (applied.reason) {
      case 'not-admin':
        return refuseWithNotice(deps, 'not-admin', clickerId, t(locale, 'preload.card.notice.notAdmin'));
      case 'not-found':
        return refuseWithNotice(deps, 'preload-gone', clickerId, t(locale, 'preload.card.notice.notFound'));
      case 'expired':
        return refuseWithNotice(deps, 'preload-expired', clickerId, t(locale, 'preload.card.notice.expired'));
      case 'already-applied':
        return refuseWithNotice(
          deps,
          'preload-applied',
          clickerId,
          t(locale, 'preload.card.notice.alreadyApplied'),
        );
      default:
        return assertNever(applied.reason, 'preload apply refusal');
    }
  }
  await auditClick(deps, clickerId, 'preload-apply-clicked', {}, preloadId);
  const run = await context.preload.run(preloadId);
  if (!run)
    return refuseWithNotice(deps, 'preload-gone', clickerId, t(locale, 'preload.card.notice.notFound'));
  // Queued: the card says so now, even if the job has not picked it up yet.
  const shown = run.status === 'previewed' ? { ...run, status: 'applying' as const, appliedBy: actor } : run;
  if (shown.status !== 'done') healAfterInvoke(deps, context.preload, preloadId);
  return { ok: true, card: composePreloadRunCard(shown, locale) };
}

/** Long enough for Teams to have shown this invoke's answer. */
const INVOKE_SETTLE_MS = 3000;

/**
 * Teams shows the invoke's answer (the progress card) when it arrives, even after a newer update of
 * the same message: a small file may be applied, and its card set to the result, before that. So
 * once the answer has surely landed, a finished run's result is put back on the card.
 */
function healAfterInvoke(deps: RolloutDeps, preload: PreloadUseCases, preloadId: string): void {
  const timer = setTimeout(() => {
    preload
      .run(preloadId)
      .then((run) => (run?.status === 'done' ? showPreloadProgress(deps, run) : undefined))
      .catch((error: unknown) =>
        deps.logger.info({ err: (error as Error).message, preloadId }, 'the preload card was not refreshed'),
      );
  }, INVOKE_SETTLE_MS);
  timer.unref();
}
