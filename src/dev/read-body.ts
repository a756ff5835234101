import type { IncomingMessage } from 'node:http';

/**
 * A request's whole body, read to the end even when too big (an unread body would break the
 * keep-alive socket); `body` holds at most `maxBytes`, `size` says how many came. Plain 'data'/'end'
 * events rather than `for await`: the async iterator cost the simulators more CPU than the parsing
 * at a thousand requests a second, and benchmarks share the machine with them.
 */
export function readBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<{ size: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    request.once('error', reject);
    request.once('end', () =>
      resolve({ size, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) }),
    );
  });
}
