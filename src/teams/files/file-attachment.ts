import { z } from 'zod';

/** A file a user sent in a 1:1 chat with a bot that `supportsFiles`. */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const fileDownloadInfo = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().trim().min(1).max(255),
  content: z.object({
    downloadUrl: z.url({ protocol: /^https?$/ }).max(4096),
    uniqueId: z.string().max(200).optional(),
    fileType: z.string().max(50).optional(),
  }),
});

/** What a message's attachments hold, as far as a file for the bot goes. */
export type MessageAttachments =
  /** Plain typing: no attachment, or only Teams' HTML rendering of the text itself. */
  | { kind: 'none' }
  | { kind: 'file'; name: string; fileType: string; downloadUrl: string }
  /** Something that is not a file (an image pasted inline, a card, a sticker): its content types. */
  | { kind: 'not-a-file'; contentTypes: string[] }
  /** A file.download.info attachment we cannot read (no download link, a link that is not a URL). */
  | { kind: 'malformed' };

/**
 * Sorts a message's attachments (untrusted input from the channel). Teams adds a `text/html`
 * attachment beside formatted text; that is the message, not an attachment. One file at a time:
 * the first file wins.
 */
export function readMessageAttachments(
  attachments: readonly unknown[] | undefined,
  options: { requireHttps?: boolean } = {},
): MessageAttachments {
  const types: string[] = [];
  for (const raw of attachments ?? []) {
    const contentType = (raw as { contentType?: unknown } | null)?.contentType;
    if (contentType === FILE_DOWNLOAD_INFO) {
      const parsed = fileDownloadInfo.safeParse(raw);
      if (!parsed.success) return { kind: 'malformed' };
      const { name, content } = parsed.data;
      // Teams' links are https (OneDrive, SharePoint); plain http is for the local stand-ins only.
      if (options.requireHttps && !content.downloadUrl.startsWith('https://')) return { kind: 'malformed' };
      const fileType = (content.fileType ?? name.split('.').pop() ?? '').toLowerCase();
      return { kind: 'file', name, fileType, downloadUrl: content.downloadUrl };
    }
    if (contentType !== 'text/html') types.push(typeof contentType === 'string' ? contentType : 'unknown');
  }
  return types.length ? { kind: 'not-a-file', contentTypes: types } : { kind: 'none' };
}
