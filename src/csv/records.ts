import { Readable } from 'node:stream';
import { type CsvDelimiter, sniffDelimiter } from './delimiter';
import { LineTally, normaliseLineBreaks } from './line-breaks';
import { type LineSpan, spanOf } from './line-span';
import { createCsvParser, type ParsedRecord, parseErrorLine, RECORD_TOO_LONG } from './parser';
import { CSV_HEAD_BYTES, type CsvInput, openSource } from './source';
import { checkTextFormat } from './text-format';

/**
 * A CSV file as csv-parse reads it, in file order, each with the lines it covers:
 * - `delimiter` first, once the start of the file was checked to be text (else FileFormatError);
 * - `record`: a record's cells and raw text;
 * - `unreadable`: a record csv-parse skipped, with its error code;
 * - last, `too-long` (a record longer than CSV_MAX_RECORD_BYTES starts on that line: the rest of
 *   the file is not read) or `end` with the number of lines the file has, so lines csv-parse
 *   skipped without a word can still be told.
 * A CsvError csv-parse throws instead of skipping a record ends the sequence with that error.
 */
export type CsvRecordEvent =
  | { kind: 'delimiter'; delimiter: CsvDelimiter }
  | { kind: 'record'; cells: string[]; raw: string | undefined; span: LineSpan }
  | { kind: 'unreadable'; span: LineSpan; code: string }
  | { kind: 'too-long'; line: number }
  | { kind: 'end'; lines: number };

type Unreadable = Extract<CsvRecordEvent, { kind: 'unreadable' }>;

export async function* readCsvRecords(input: CsvInput): AsyncGenerator<CsvRecordEvent> {
  const source = await openSource(input);
  let normalised: Readable | undefined;
  try {
    checkTextFormat(source.head.subarray(0, CSV_HEAD_BYTES));
    const delimiter = sniffDelimiter(source.head.toString('utf8'));
    yield { kind: 'delimiter', delimiter };
    const tally = new LineTally();
    /** Records csv-parse skipped, waiting for the records before them to be handed on. */
    const skipped: Unreadable[] = [];
    let lastEnd = 0;
    const parser = createCsvParser(delimiter, (error, raw) => {
      // csv-parse's errors carry their line; the line after the last record is only a fallback.
      skipped.push({
        kind: 'unreadable',
        span: spanOf(parseErrorLine(error) ?? lastEnd + 1, raw),
        code: error.code,
      });
    });
    // Byte mode: a few KB buffered ahead of the parser, not 16 chunks.
    normalised = Readable.from(normaliseLineBreaks(source.chunks, tally), { objectMode: false });
    normalised.on('error', (error) => parser.destroy(error));
    normalised.pipe(parser);
    const tooLong = () => skipped.find((record) => record.code === RECORD_TOO_LONG);
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      const span = spanOf(item.info.lines, item.raw);
      while (skipped.length && skipped[0]!.span.start < span.start) yield skipped.shift()!;
      const long = tooLong();
      if (long && long.span.start <= span.start) break;
      lastEnd = span.end;
      yield { kind: 'record', cells: item.record, raw: item.raw, span };
    }
    const long = tooLong();
    const before = long ? long.span.start : Number.POSITIVE_INFINITY;
    while (skipped.length && skipped[0]!.span.start < before) yield skipped.shift()!;
    yield long ? { kind: 'too-long', line: long.span.start } : { kind: 'end', lines: tally.lines };
  } finally {
    normalised?.destroy();
    source.close();
  }
}
