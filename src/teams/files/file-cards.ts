/** Teams' own cards for files a bot sends in a 1:1 chat (not Adaptive Cards: Teams renders these itself). */

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/**
 * Asks the user to let the bot put a file in their OneDrive. Teams sends the bot a
 * `fileConsent/invoke` with `context` (accept or decline) when they answer.
 */
export function fileConsentCard(input: {
  name: string;
  description: string;
  sizeInBytes: number;
  context: Record<string, string>;
}) {
  return {
    contentType: FILE_CONSENT_CARD,
    name: input.name,
    content: {
      description: input.description,
      sizeInBytes: input.sizeInBytes,
      acceptContext: input.context,
      declineContext: input.context,
    },
  };
}

/** The uploaded file, as a card the user opens it from. */
export function fileInfoCard(upload: {
  name: string;
  contentUrl: string;
  uniqueId: string;
  fileType: string;
}) {
  return {
    contentType: FILE_INFO_CARD,
    name: upload.name,
    contentUrl: upload.contentUrl,
    content: { uniqueId: upload.uniqueId, fileType: upload.fileType },
  };
}
