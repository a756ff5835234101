import { CsvError } from 'csv-parse';
import {
  type CsvLayout,
  type CsvLineError,
  type CsvWaveRow,
  isBlankRow,
  isPreambleLine,
  parseRow,
  readHeader,
} from '../rollout/csv-row';
import { NO_PHONE_COLUMN_MESSAGE, type PhoneColumns, readPhoneColumns } from '../rollout/preload-columns';
import type { PhoneCells } from '../rollout/preload-plan';
import type { CsvDelimiter } from './delimiter';
import { LineAccount } from './line-account';
import type { LineSpan } from './line-span';
import { parseErrorLine, parseErrorMessage, RECORD_TOO_LONG_MESSAGE } from './parser';
import { type CsvRecordEvent, readCsvRecords } from './records';
import type { CsvInput } from './source';
import { FileFormatError } from './text-format';

/**
 * A wave CSV read line by line, in file order except for problems (see LineAccount: each comes out
 * once final, at the latest when the next one is found or the file ends):
 * - `delimiter`, then `layout` once the header (or, without one, the first row) was recognised;
 * - `row`: a valid row, the user it names and its line;
 * - `invalid`: a malformed row, or lines that could not be read (a quote error that swallows lines
 *   counts once); every line of the file is in a row, a blank line, a preamble line or a problem;
 * - `blank`: a blank line;
 * - `fatal`: the file cannot be used at all (not text, no user column, unreadable first line, a
 *   record too long, no rows); it comes after every problem found before it, and nothing follows.
 * Only the source failing to be read (a missing file, a broken stream) throws.
 */
export type WaveRowEvent =
  | { kind: 'delimiter'; delimiter: CsvDelimiter }
  | { kind: 'layout'; layout: CsvLayout }
  /** `phones`: the row's number cells, only when reading a preload file (`phoneColumns`). */
  | { kind: 'row'; row: CsvWaveRow; phones?: PhoneCells }
  | { kind: 'invalid'; error: CsvLineError }
  | { kind: 'blank' }
  | { kind: 'fatal'; error: CsvLineError };

/** What the reader knows between records: the layout, once found, and the lines accounted for. */
class WaveRowReader {
  private layout?: CsvLayout;
  private phones?: PhoneColumns;
  readonly lines = new LineAccount();

  constructor(private readonly options: WaveRowOptions) {}

  /** The events one record event makes; a `fatal` one is the last. */
  *take(event: CsvRecordEvent): Generator<WaveRowEvent> {
    switch (event.kind) {
      case 'delimiter':
        yield event;
        return;
      case 'unreadable':
        if (!this.layout) {
          yield* this.fatal(
            event.span.start,
            `the first line could not be read: ${parseErrorMessage(event.code)}`,
          );
          return;
        }
        this.lines.unreadable(event.span, event.code);
        yield* this.problems();
        return;
      case 'record':
        this.lines.cover(event.span, this.layout !== undefined);
        yield* this.problems();
        yield* this.record(event.cells, event.span, event.raw);
        return;
      case 'too-long':
        yield* this.fatal(event.line, RECORD_TOO_LONG_MESSAGE);
        return;
      case 'end':
        if (!this.layout) {
          yield* this.fatal(1, 'the file has no rows');
          return;
        }
        if (this.lines.nextLine <= event.lines)
          this.lines.cover({ start: event.lines + 1, end: event.lines }, true);
        yield* this.problems(true);
        return;
      default:
        return event satisfies never;
    }
  }

  /** The source stopped: a file that is not text, or csv-parse gave up instead of skipping a record. */
  *failed(error: unknown): Generator<WaveRowEvent> {
    if (error instanceof FileFormatError) yield* this.fatal(1, error.message);
    else if (error instanceof CsvError)
      yield* this.fatal(parseErrorLine(error) ?? this.lines.nextLine, parseErrorMessage(error.code));
    else throw error;
  }

  private *record(cells: string[], span: LineSpan, raw: string | undefined): Generator<WaveRowEvent> {
    if (isBlankRow(cells)) {
      yield { kind: 'blank' };
      return;
    }
    if (!this.layout) {
      if (
        isPreambleLine(raw ?? '') ||
        (cells.slice(1).every((cell) => !cell.trim()) && isPreambleLine(cells[0]!))
      )
        return;
      const header = readHeader(cells);
      if (!header.ok) {
        yield* this.fatal(span.start, header.message);
        return;
      }
      if (this.options.phoneColumns) {
        this.phones = header.layout.hasHeader ? readPhoneColumns(cells) : {};
        if (!Object.keys(this.phones).length) {
          yield* this.fatal(span.start, NO_PHONE_COLUMN_MESSAGE);
          return;
        }
      }
      this.layout = header.layout;
      yield { kind: 'layout', layout: header.layout };
      if (header.layout.hasHeader) return;
    }
    const parsed = parseRow(this.layout, cells, span.start);
    if (parsed.ok && this.phones)
      yield { kind: 'row', row: parsed.row, phones: phoneCells(this.phones, cells) };
    else if (parsed.ok) yield { kind: 'row', row: parsed.row };
    else {
      this.lines.add(span, parsed.error.message);
      yield* this.problems();
    }
  }

  private *problems(all = false): Generator<WaveRowEvent> {
    for (const error of all ? this.lines.all() : this.lines.final()) yield { kind: 'invalid', error };
  }

  private *fatal(line: number, message: string): Generator<WaveRowEvent> {
    yield* this.problems(true);
    yield { kind: 'fatal', error: { line, message } };
  }
}

export interface WaveRowOptions {
  /** A preload file: a header naming a phone column is required, and rows carry their number cells. */
  phoneColumns?: boolean;
}

function phoneCells(columns: PhoneColumns, cells: readonly string[]): PhoneCells {
  const out: PhoneCells = {};
  for (const [type, index] of Object.entries(columns)) {
    const value = cells[index as number]?.trim();
    if (value) out[type as keyof PhoneCells] = value;
  }
  return out;
}

export async function* readWaveRows(
  input: CsvInput,
  options: WaveRowOptions = {},
): AsyncGenerator<WaveRowEvent> {
  const reader = new WaveRowReader(options);
  try {
    for await (const event of readCsvRecords(input)) {
      for (const out of reader.take(event)) {
        yield out;
        if (out.kind === 'fatal') return;
      }
    }
  } catch (error) {
    yield* reader.failed(error);
  }
}
