import { type CsvError, type Info, type Parser, parse } from 'csv-parse';
import type { CsvDelimiter } from './delimiter';

/** A record this long is a quote left open, not a user: reading stops there. */
export const CSV_MAX_RECORD_BYTES = 64 * 1024;
/** csv-parse's code for a record longer than CSV_MAX_RECORD_BYTES. */
export const RECORD_TOO_LONG = 'CSV_MAX_RECORD_SIZE';

export const RECORD_TOO_LONG_MESSAGE = `a record longer than ${CSV_MAX_RECORD_BYTES / 1024} KB starts here (a double quote left open?): the rest of the file was not read`;

const PARSE_MESSAGES: Readonly<Record<string, string>> = {
  CSV_INVALID_CLOSING_QUOTE:
    'a closing double quote is followed by other characters (a quote inside a quoted value is written "")',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
    'a closing double quote is followed by other characters (a quote inside a quoted value is written "")',
  INVALID_OPENING_QUOTE:
    'a double quote inside a value that does not start with one (quote the whole value and double the inner quotes)',
  CSV_QUOTE_NOT_CLOSED: 'a double quote opened here is never closed',
};

/** What a csv-parse error code means for someone editing the file; undefined for codes without wording. */
export function knownParseError(code: string): string | undefined {
  return PARSE_MESSAGES[code];
}

export function parseErrorMessage(code: string): string {
  return knownParseError(code) ?? `not valid CSV (${code})`;
}

/** The line csv-parse was on when it raised the error (every CsvError it raises carries it). */
export function parseErrorLine(error: CsvError): number | undefined {
  return (error as CsvError & { lines?: number }).lines;
}

/** One record as the parser hands it on: its cells, where it ends, and its raw text. */
export interface ParsedRecord {
  record: string[];
  info: Info;
  raw?: string;
}

/**
 * csv-parse for one file: its delimiter, one record per LF (line breaks are normalised first),
 * values trimmed, rows of any width; a record it cannot read is skipped and handed to `onSkip`
 * with its raw text, so its lines can be reported.
 */
export function createCsvParser(
  delimiter: CsvDelimiter,
  onSkip: (error: CsvError, raw: string | undefined) => void,
): Parser {
  return parse({
    delimiter,
    record_delimiter: '\n',
    bom: true,
    trim: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: CSV_MAX_RECORD_BYTES,
    on_skip: (error, raw) => {
      if (error) onSkip(error, raw);
      return undefined;
    },
  });
}
