/** How a download from a Teams file link ended. */
export type FileDownload =
  | { ok: true; content: Buffer }
  /** Bigger than the cap: refused from Content-Length, or stopped once that many bytes came. */
  | { ok: false; reason: 'too-large' }
  /** The link no longer works (Teams' links last about an hour): 401, 403, 404 or 410. */
  | { ok: false; reason: 'expired'; status: number }
  | { ok: false; reason: 'failed'; status?: number };

const GONE = new Set([401, 403, 404, 410]);

/**
 * Downloads a file the user sent, right away (its link expires), never holding more than `maxBytes`:
 * the body is read as a stream and the request aborted as soon as it goes past the cap. The link is
 * pre-authenticated, so no Authorization header is sent.
 */
export async function downloadTeamsFile(
  downloadUrl: string,
  options: { maxBytes: number; timeoutMs?: number },
): Promise<FileDownload> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  try {
    const response = await fetch(downloadUrl, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      return GONE.has(response.status)
        ? { ok: false, reason: 'expired', status: response.status }
        : { ok: false, reason: 'failed', status: response.status };
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel();
      return { ok: false, reason: 'too-large' };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      size += next.value.length;
      if (size > options.maxBytes) {
        // Stop reading and drop the connection: the rest of the file is never fetched.
        controller.abort();
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(Buffer.from(next.value));
    }
    return { ok: true, content: Buffer.concat(chunks) };
  } catch {
    return { ok: false, reason: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}
