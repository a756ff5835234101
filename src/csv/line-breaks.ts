export function countByte(buffer: Buffer, byte: number): number {
  let count = 0;
  for (let at = buffer.indexOf(byte); at !== -1; at = buffer.indexOf(byte, at + 1)) count++;
  return count;
}

/** Line breaks seen, to tell how many lines the file has whatever the parser made of them. */
export class LineTally {
  breaks = 0;
  lastByte = -1;
  get lines(): number {
    return this.breaks + (this.lastByte !== -1 && this.lastByte !== 0x0a ? 1 : 0);
  }
}

/**
 * CRLF and lone CR become LF, so csv-parse counts exactly one line per line break whatever the file
 * mixes (it counts CRLF inside quotes as two lines, and a stray CR as a line of its own).
 */
export async function* normaliseLineBreaks(
  chunks: AsyncIterable<Buffer>,
  tally: LineTally,
): AsyncGenerator<Buffer> {
  let pendingCr = false;
  for await (const chunk of chunks) {
    if (!chunk.length) continue;
    if (!pendingCr && chunk.indexOf(0x0d) === -1) {
      tally.breaks += countByte(chunk, 0x0a);
      tally.lastByte = chunk[chunk.length - 1]!;
      yield chunk;
      continue;
    }
    const out = Buffer.allocUnsafe(chunk.length + 1);
    let o = 0;
    let i = 0;
    if (pendingCr) {
      out[o++] = 0x0a;
      tally.breaks++;
      pendingCr = false;
      if (chunk[0] === 0x0a) i = 1;
    }
    for (; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 0x0d) {
        if (i + 1 === chunk.length) {
          pendingCr = true;
          break;
        }
        out[o++] = 0x0a;
        tally.breaks++;
        if (chunk[i + 1] === 0x0a) i++;
      } else {
        if (byte === 0x0a) tally.breaks++;
        out[o++] = byte;
      }
    }
    if (o) {
      tally.lastByte = out[o - 1]!;
      yield out.subarray(0, o);
    }
  }
  if (pendingCr) {
    tally.breaks++;
    tally.lastByte = 0x0a;
    yield Buffer.from('\n');
  }
}
