/**
 * OneDrive upload sessions take pieces of at most 60 MiB, in multiples of 320 KiB; a report is far
 * smaller, so most go in one PUT.
 */
const PIECE_BYTES = 320 * 1024 * 12;

export class FileUploadError extends Error {
  constructor(readonly status: number) {
    super(`the upload session answered ${status}`);
    this.name = 'FileUploadError';
  }
}

/**
 * PUTs a file into the upload session Teams gave the bot when the user accepted a FileConsentCard
 * (`uploadInfo.uploadUrl`): Content-Range per piece and no Authorization header (the URL is
 * pre-authenticated, and OneDrive refuses one).
 */
export async function uploadToConsentSession(uploadUrl: string, content: Buffer): Promise<void> {
  const total = content.length;
  for (let start = 0; start < total || (total === 0 && start === 0); start += PIECE_BYTES) {
    const piece = content.subarray(start, Math.min(total, start + PIECE_BYTES));
    const end = start + piece.length - 1;
    const response = await fetch(uploadUrl, {
      method: 'PUT',
      headers: {
        'content-length': String(piece.length),
        'content-range': `bytes ${start}-${end}/${total}`,
      },
      body: piece,
    });
    await response.body?.cancel();
    if (response.status !== 200 && response.status !== 201 && response.status !== 202) {
      throw new FileUploadError(response.status);
    }
    if (total === 0) break;
  }
}
