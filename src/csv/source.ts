import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { countByte } from './line-breaks';

/** A CSV file on disk, or a stream of its bytes (an upload), and the name it is reported under. */
export type CsvInput =
  | { filePath: string; fileName?: string }
  | { stream: Readable | AsyncIterable<Buffer | string>; fileName?: string };

/** The start of the file the format is told from (at most this much, or its first five lines). */
export const CSV_HEAD_BYTES = 64 * 1024;

export function csvFileName(input: CsvInput): string {
  const raw = input.fileName ?? ('filePath' in input ? input.filePath : 'upload.csv');
  return basename(raw).slice(0, 100) || 'upload.csv';
}

function asBuffer(chunk: Buffer | string | Uint8Array): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
}

export interface OpenedSource {
  head: Buffer;
  /** Every byte of the file, the head first. */
  chunks: AsyncIterable<Buffer>;
  close(): void;
}

/** Reads the first lines (at most 64 KB) to sniff the format, then hands on everything, head first. */
export async function openSource(input: CsvInput): Promise<OpenedSource> {
  const stream = 'filePath' in input ? createReadStream(input.filePath) : input.stream;
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const close = () => {
    if (stream instanceof Readable) stream.destroy();
    else void iterator.return?.();
  };
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let breaks = 0;
  let done = false;
  try {
    while (headLength < CSV_HEAD_BYTES && breaks < 5) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      const chunk = asBuffer(next.value);
      headChunks.push(chunk);
      headLength += chunk.length;
      breaks += countByte(chunk, 0x0a) + countByte(chunk, 0x0d);
    }
  } catch (error) {
    close();
    throw error;
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    yield* headChunks;
    while (!done) {
      const next = await iterator.next();
      if (next.done) return;
      yield asBuffer(next.value);
    }
  }
  return { head: Buffer.concat(headChunks), chunks: chunks(), close };
}
