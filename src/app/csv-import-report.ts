import type { CsvField, CsvLineError } from '../rollout/csv-row';
import type { WaveOverlap } from '../rollout/wave-start';

export interface CsvDirectoryCheck {
  /** Distinct users looked up. */
  checked: number;
  found: number;
  /** Found but excluded on expansion: account disabled, or in EXCLUDED_USER_IDS. */
  excluded: number;
  /** Not found (or refused) by the directory, with their lines. */
  unresolved: CsvLineError[];
  unresolvedNotListed: number;
}

export interface CsvDuplicateLine {
  line: number;
  firstLine: number;
}

export interface CsvImportReport {
  fileName: string;
  dryRun: boolean;
  /** A wave was (or, on a dry run, would be) created from this file. */
  accepted: boolean;
  delimiter: string;
  /** False when the file has no header row (one identifier per line). */
  header: boolean;
  /** The header name of each column used. */
  columns: Partial<Record<CsvField, string>>;
  /** Data rows: valid + duplicates + invalid. Blank lines and the header are not rows. */
  rows: number;
  /** Distinct users named by the file. */
  valid: number;
  duplicates: number;
  /** Rows left out because they are malformed (a quote error that swallows lines counts once). */
  invalid: number;
  blankLines: number;
  errors: CsvLineError[];
  errorsNotListed: number;
  duplicateLines: CsvDuplicateLine[];
  duplicatesNotListed: number;
  /** Set when the file cannot be used at all (no user column, not text, unreadable header). */
  fatal?: CsvLineError;
  /** Only when the directory was checked (dry run by default). */
  directory?: CsvDirectoryCheck;
  /** Users of the file already in another active wave (set by the wave start, once the file was read). */
  overlap?: WaveOverlap;
}

/** A capped list: the first `max` items are kept, the rest only counted. */
export class Listing<T> {
  readonly items: T[] = [];
  notListed = 0;
  constructor(private readonly max: number) {}
  add(item: T): void {
    if (this.items.length < this.max) this.items.push(item);
    else this.notListed++;
  }
}
