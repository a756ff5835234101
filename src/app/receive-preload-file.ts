import { Readable } from 'node:stream';
import type { ConversationReference } from 'botbuilder';
import { formatFileSize } from '../cards/format';
import { helpdeskName } from '../cards/helpdesk';
import { DEFAULT_LOCALE, type LocaleKey, t } from '../cards/locales';
import { type AdaptiveCardAttachment, renderCard } from '../cards/render';
import { signPreloadToken } from '../rollout/action-token';
import { readMessageAttachments } from '../teams/files/file-attachment';
import { fileConsentCard } from '../teams/files/file-cards';
import { downloadTeamsFile } from '../teams/files/file-download';
import type { RolloutDeps } from './deps';
import { composePreloadRunCard } from './preload-card';
import type { PreloadActor, PreloadUseCases } from './preload-teams-port';

/** How long the Apply button and the report offer of a dry run stay valid (the dry run is kept a day). */
export const PRELOAD_BUTTON_TTL_SECONDS = 24 * 3600;

/** Why a file was not read, each said in its own words. */
export type PreloadFileRefusal =
  | 'not-admin'
  | 'not-a-file'
  | 'not-csv'
  | 'too-large'
  | 'download'
  | 'unreadable';

export type PreloadFileAnswer =
  /** No file in the message: it is an ordinary chat message. */
  | { kind: 'no-file' }
  | { kind: 'refused'; reason: PreloadFileRefusal; card: AdaptiveCardAttachment }
  /**
   * Downloaded: `card` says the dry run is under way; `dryRun` (run it after sending the card) reads
   * the file against the directory, which can take minutes for a big file, far longer than Teams waits
   * for a turn, and then posts the dry-run card and the report offer into the chat.
   */
  | { kind: 'reading'; card: AdaptiveCardAttachment; dryRun: () => Promise<void> };

const TITLE_AND_BODY: Record<PreloadFileRefusal, [LocaleKey, LocaleKey]> = {
  'not-admin': ['preload.card.refused.notAdmin.title', 'preload.card.refused.notAdmin.body'],
  'not-a-file': ['preload.card.refused.notAFile.title', 'preload.card.refused.notAFile.body'],
  'not-csv': ['preload.card.refused.notCsv.title', 'preload.card.refused.notCsv.body'],
  'too-large': ['preload.card.refused.tooLarge.title', 'preload.card.refused.tooLarge.body'],
  download: ['preload.card.refused.download.title', 'preload.card.refused.download.body'],
  unreadable: ['preload.card.refused.unreadable.title', 'preload.card.refused.unreadable.body'],
};

/**
 * A message in an admin's 1:1 chat that carries a file: the phone preload's way in from Teams.
 * Only a rollout admin's file is opened; only a .csv is read; it is downloaded at once (Teams' link
 * lasts about an hour) and never beyond PRELOAD_MAX_FILE_BYTES. A readable file becomes a dry run
 * (nothing written) shown on a card with a signed Apply button, plus the full report on offer.
 * Every refusal is audited and answered in the sender's language.
 */
export async function receivePreloadFile(
  deps: RolloutDeps,
  preload: PreloadUseCases,
  input: {
    attachments: readonly unknown[] | undefined;
    /** The message's text: a picture sent with a question is a question, not a failed preload. */
    text: string;
    sender: PreloadActor;
    /** Asked only when the message carries something besides its text. */
    isAdmin: () => Promise<boolean>;
    locale?: string;
    /** The 1:1 chat the file came from: the dry run's cards go there. */
    chat: Partial<ConversationReference>;
  },
): Promise<PreloadFileAnswer> {
  const { locale, sender } = input;
  const read = readMessageAttachments(input.attachments, {
    requireHttps: deps.config.NODE_ENV === 'production',
  });
  if (read.kind === 'none' && !looksLikePastedPreload(input.text)) return { kind: 'no-file' };
  const admin = await input.isAdmin();
  if (read.kind === 'none' && !admin) return { kind: 'no-file' };
  if (read.kind === 'not-a-file' && (!admin || input.text.trim() !== '')) return { kind: 'no-file' };
  const fileName = read.kind === 'file' ? read.name : '';
  const refuse = async (reason: PreloadFileRefusal, params: Record<string, string> = {}) => {
    await deps.audit.append({
      at: deps.now().toISOString(),
      actor: sender.id,
      action: 'preload-file-refused',
      detail: fileName ? `${reason}: ${fileName}` : reason,
    });
    deps.logger.info({ reason, sender: sender.id }, 'preload file refused');
    const [title, body] = TITLE_AND_BODY[reason];
    const all = { file: fileName, helpdesk: helpdeskName(locale, deps.config.HELPDESK_CONTACT), ...params };
    return {
      kind: 'refused' as const,
      reason,
      card: renderCard(
        'message',
        { title: t(locale, title, all), body: [t(locale, body, all)] },
        locale ?? DEFAULT_LOCALE,
      ),
    };
  };
  // Checked before anything is fetched: a non-admin's file is never opened.
  if (!admin) return refuse('not-admin');
  if (read.kind === 'malformed') return refuse('download');
  if (read.kind !== 'file') return refuse('not-a-file');
  if (read.fileType !== 'csv') return refuse('not-csv');
  const maxBytes = deps.config.PRELOAD_MAX_FILE_BYTES;
  const download = await downloadTeamsFile(read.downloadUrl, { maxBytes });
  if (!download.ok) {
    if (download.reason === 'too-large')
      return refuse('too-large', { max: formatFileSize(locale, maxBytes) });
    deps.logger.warn(
      { reason: download.reason, status: 'status' in download ? download.status : undefined },
      'preload file download failed',
    );
    return refuse('download');
  }
  const message = (card: AdaptiveCardAttachment) => ({ type: 'message' as const, attachments: [card] });
  const dryRun = async (): Promise<void> => {
    try {
      const answer = await previewFile(deps, preload, { ...read, content: download.content }, sender, locale);
      if (answer.kind === 'refused') {
        await deps.outbox.sendSoon(input.chat, message((await refuse(answer.reason, answer.params)).card));
        return;
      }
      const cardId = await deps.outbox.sendSoon(input.chat, message(answer.card));
      // Remembered so the apply job updates this very message with its progress.
      const conversationId = input.chat.conversation?.id;
      if (conversationId)
        await preload.setCardMessage(answer.preloadId, { conversationId, activityId: cardId });
      await deps.outbox.sendSoon(input.chat, { type: 'message', attachments: [answer.reportOffer] });
    } catch (error) {
      deps.logger.error({ err: (error as Error).message, sender: sender.id }, 'preload dry run failed');
      const failed = await refuse('unreadable', { reason: t(locale, 'preload.card.dryRunFailed') });
      await deps.outbox.sendSoon(input.chat, message(failed.card)).catch(() => undefined);
    }
  };
  const reading = renderCard(
    'message',
    {
      title: t(locale, 'preload.card.reading.title', { file: read.name }),
      body: [t(locale, 'preload.card.reading.body')],
    },
    locale ?? DEFAULT_LOCALE,
  );
  return { kind: 'reading', card: reading, dryRun };
}

type DryRunAnswer =
  | { kind: 'refused'; reason: PreloadFileRefusal; params: Record<string, string> }
  | {
      kind: 'preview';
      preloadId: string;
      card: AdaptiveCardAttachment;
      reportOffer: ReturnType<typeof fileConsentCard>;
    };

/** The dry run of a downloaded file: its card with a signed Apply, and the report on offer. */
async function previewFile(
  deps: RolloutDeps,
  preload: PreloadUseCases,
  file: { name: string; content: Buffer },
  sender: PreloadActor,
  locale: string | undefined,
): Promise<DryRunAnswer> {
  const preview = await preload.preview({
    stream: Readable.from([file.content]),
    fileName: file.name,
    requestedBy: sender,
    overwrite: false,
    locale,
  });
  if (!preview.ok) return { kind: 'refused', reason: 'unreadable', params: { reason: preview.reason } };
  const exp = Math.floor(deps.now().getTime() / 1000) + PRELOAD_BUTTON_TTL_SECONDS;
  const secret = deps.config.ACTION_TOKEN_SECRET;
  const applyToken = signPreloadToken({ preloadId: preview.preloadId, exp }, secret, 'preload-apply');
  const card = composePreloadRunCard(
    {
      preloadId: preview.preloadId,
      card: {
        fileName: file.name,
        overwrite: false,
        total: preview.total,
        counts: preview.counts,
        problems: preview.problems,
        problemsTotal: preview.problemsTotal,
      },
      status: 'previewed',
      requestedBy: sender,
      done: 0,
      toApply: preview.toApply,
      outcomes: {},
    },
    locale,
    applyToken,
  );
  const report = (await preload.reportCsv(preview.preloadId, locale)) ?? '';
  const reportOffer = fileConsentCard({
    name: reportFileName(file.name),
    description: t(locale, 'preload.card.reportDescription', { file: file.name }),
    sizeInBytes: Buffer.byteLength(report),
    context: { token: signPreloadToken({ preloadId: preview.preloadId, exp }, secret, 'preload-report') },
  });
  return { kind: 'preview', preloadId: preview.preloadId, card, reportOffer };
}

/**
 * A preload file pasted as text rather than attached: a header naming the user and the phone
 * columns, separated like CSV. An admin is asked to attach the file instead.
 */
export function looksLikePastedPreload(text: string): boolean {
  if (!text.includes('\n')) return false;
  const header = text.trimStart().split(/\r?\n/, 1)[0] ?? '';
  const cells = header.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase());
  return (
    cells.length >= 2 &&
    cells.some((cell) => PASTED_USER_COLUMNS.has(cell)) &&
    cells.some((cell) => PASTED_PHONE_COLUMNS.has(cell))
  );
}

const PASTED_USER_COLUMNS = new Set(['userprincipalname', 'upn', 'id', 'objectid']);
const PASTED_PHONE_COLUMNS = new Set(['mobile', 'phonenumber', 'alternatemobile']);

/** "phones.csv" → "phones-preload-report.csv". */
export function reportFileName(fileName: string): string {
  return `${fileName.replace(/\.csv$/i, '') || 'preload'}-preload-report.csv`;
}
