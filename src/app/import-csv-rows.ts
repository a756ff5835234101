import { type CsvInput, csvFileName } from '../csv/source';
import { readWaveRows, type WaveRowEvent } from '../csv/wave-rows';
import type { CsvLineError, CsvUserRef, CsvWaveRow } from '../rollout/csv-row';
import type { CsvRowStore } from '../store/csv-rows';
import { CsvDirectoryLookup } from './csv-directory-lookup';
import { type CsvDuplicateLine, type CsvImportReport, Listing } from './csv-import-report';
import type { RolloutDeps } from './deps';

/**
 * The first step of a wave from a CSV file (the caller's process: CLI, admin API), which never holds
 * the whole file: it is read as a stream (src/csv), every row is validated with its line number,
 * and the valid identifiers are deduplicated and appended to a Redis list under the wave, 500 at a
 * time. Only identifiers (object ids, UPNs) and line numbers are stored, whatever else the file
 * holds. A dry run does the same without storing rows, and also looks every user up in the
 * directory. The second step, in the wave-plan worker, is expand-csv-rows.ts.
 */

/** Rows kept in memory before they are written. */
export const CSV_FLUSH_ROWS = 500;
const DEFAULT_MAX_LISTED = 100;

export interface CsvImportOptions {
  /** Names the stored rows: the id of the wave being created (or a throwaway id for a dry run). */
  importId: string;
  /** Validate and report; store nothing. */
  dryRun?: boolean;
  /** Accept the file when some rows are invalid (they are left out and reported). Default: refuse it. */
  skipInvalid?: boolean;
  /** Look every distinct user up in the directory (Graph `$batch`). Default: on for a dry run. */
  resolveUsers?: boolean;
  /** Errors, duplicates and unknown users listed in the report; the rest are counted. Default 100. */
  maxListed?: number;
  /** Sees the distinct users of each batch of valid rows as they are read (the overlap check). */
  onUsers?: (users: readonly CsvUserRef[]) => Promise<void>;
}

/** One import's report as it is read, and the valid rows not yet written. */
class CsvImport {
  readonly report: CsvImportReport;
  private readonly errors: Listing<CsvLineError>;
  private readonly duplicateLines: Listing<CsvDuplicateLine>;
  private readonly directory?: CsvDirectoryLookup;
  private pending: CsvWaveRow[] = [];

  constructor(
    deps: RolloutDeps,
    private readonly store: CsvRowStore,
    input: CsvInput,
    private readonly options: CsvImportOptions,
  ) {
    const dryRun = options.dryRun ?? false;
    const maxListed = options.maxListed ?? DEFAULT_MAX_LISTED;
    this.errors = new Listing(maxListed);
    this.duplicateLines = new Listing(maxListed);
    this.report = {
      fileName: csvFileName(input),
      dryRun,
      accepted: false,
      delimiter: ',',
      header: true,
      columns: {},
      rows: 0,
      valid: 0,
      duplicates: 0,
      invalid: 0,
      blankLines: 0,
      errors: this.errors.items,
      errorsNotListed: 0,
      duplicateLines: this.duplicateLines.items,
      duplicatesNotListed: 0,
    };
    if (options.resolveUsers ?? dryRun) {
      const excludedIds = new Set(deps.config.EXCLUDED_USER_IDS.map((id) => id.toLowerCase()));
      this.directory = new CsvDirectoryLookup(deps.graph, store, options.importId, excludedIds, maxListed);
      this.report.directory = this.directory.result;
    }
  }

  async take(event: WaveRowEvent): Promise<void> {
    const report = this.report;
    switch (event.kind) {
      case 'delimiter':
        report.delimiter = event.delimiter;
        return;
      case 'layout':
        report.header = event.layout.hasHeader;
        report.columns = event.layout.headerNames;
        return;
      case 'blank':
        report.blankLines++;
        return;
      case 'invalid':
        report.invalid++;
        report.rows++;
        this.errors.add(event.error);
        return;
      case 'row':
        report.rows++;
        this.pending.push(event.row);
        if (this.pending.length >= CSV_FLUSH_ROWS) await this.flush();
        return;
      case 'fatal':
        report.fatal = event.error;
        return;
      default:
        return event satisfies never;
    }
  }

  /** Writes the pending rows: new users are counted (and checked), repeats are duplicates. */
  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    const firstLines = await this.store.addRows(this.options.importId, batch, !this.report.dryRun);
    const fresh: CsvWaveRow[] = [];
    batch.forEach((row, index) => {
      const firstLine = firstLines[index];
      if (firstLine) this.duplicate({ line: row.line, firstLine });
      else {
        this.report.valid++;
        fresh.push(row);
      }
    });
    await this.options.onUsers?.(fresh.map((row) => row.user));
    for (const duplicate of (await this.directory?.check(fresh)) ?? []) {
      this.report.valid--;
      this.duplicate(duplicate);
    }
  }

  finish(): CsvImportReport {
    const report = this.report;
    report.errorsNotListed = this.errors.notListed;
    report.duplicatesNotListed = this.duplicateLines.notListed;
    this.directory?.finish();
    report.errors.sort((a, b) => a.line - b.line);
    report.duplicateLines.sort((a, b) => a.line - b.line);
    report.accepted =
      !report.fatal && report.valid > 0 && (report.invalid === 0 || (this.options.skipInvalid ?? false));
    return report;
  }

  private duplicate(duplicate: CsvDuplicateLine): void {
    this.report.duplicates++;
    this.duplicateLines.add(duplicate);
  }
}

/**
 * Streams the file, validates every row and (unless dry run) stores the distinct identifiers under
 * `options.importId`. Stored rows expire unless committed (commitCsvRows). Throws only when the
 * source cannot be read or Redis/Graph fail; everything wrong with the file itself is in the report.
 */
export async function importCsvRows(
  deps: RolloutDeps,
  input: CsvInput,
  options: CsvImportOptions,
): Promise<CsvImportReport> {
  const store = deps.csvRows;
  const csvImport = new CsvImport(deps, store, input, options);
  try {
    // A fatal event is the last one: rows read before it are not written.
    for await (const event of readWaveRows(input)) await csvImport.take(event);
    if (!csvImport.report.fatal) await csvImport.flush();
  } finally {
    if (csvImport.report.dryRun) await store.forgetSeen(options.importId);
  }
  return csvImport.finish();
}

/** The import became a wave: its rows stay, its dedupe table goes. */
export async function commitCsvRows(deps: RolloutDeps, waveId: string): Promise<void> {
  await deps.csvRows.commit(waveId);
}

/** The import was refused (or failed): nothing of it stays. */
export async function discardCsvRows(deps: RolloutDeps, importId: string): Promise<void> {
  await deps.csvRows.discard(importId);
}
