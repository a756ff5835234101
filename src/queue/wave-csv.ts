import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { type CsvInput, csvFileName } from '../csv/source';
import { readWaveRows } from '../csv/wave-rows';
import { readUsersBatch, UserLookupError, type UserLookupResult } from '../graph/user-batch';
import type { CsvField, CsvLineError, CsvUserRef, CsvWaveRow } from '../rollout/csv-row';
import type { DirectoryUser } from '../rollout/directory';
import type { Wave } from '../rollout/wave';
import type { WaveOverlap } from '../rollout/wave-start';
import { CsvRowStore, type CsvWaveReport, type StoredCsvRow } from '../store/csv-rows';
import type { RolloutDeps } from './deps';
import { expandWaveJob } from './job-schemas';

/**
 * Waves from a CSV file, in two steps that never hold the whole file:
 *
 * 1. import (the caller's process: CLI, admin API): the file is streamed through csv-parse; every
 *    row is validated (rollout/csv-row.ts), errors are collected with their line numbers, and the
 *    valid identifiers are deduplicated and appended to a Redis list under the wave, 500 at a time.
 *    Only identifiers (object ids, UPNs) and line numbers are stored, whatever else the file holds.
 *    A dry run does the same without storing rows, and also looks every user up in the directory.
 * 2. expansion (the wave-plan worker): the stored rows are read a chunk at a time, resolved through
 *    Graph `$batch`, and handed to wave-plan's page logic (wave users + outreach jobs). The cursor is
 *    saved in the job after each chunk, so a crash resumes where it stopped; a chunk done twice adds
 *    nobody twice (users are inserted only if absent, sends are guarded by user state).
 */

/** Rows kept in memory before they are written (import) and rows expanded per step (expansion). */
export const CSV_FLUSH_ROWS = 500;
export const CSV_DEFAULT_CHUNK = 500;
/** A record this long is a quote left open, not a user: the import stops there. */
export type { CsvInput } from '../csv/source';
export { csvFileName } from '../csv/source';
export const CSV_MAX_RECORD_BYTES = 64 * 1024;
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
  duplicateLines: Array<{ line: number; firstLine: number }>;
  duplicatesNotListed: number;
  /** Set when the file cannot be used at all (no user column, not text, unreadable header). */
  fatal?: CsvLineError;
  /** Only when the directory was checked (dry run by default). */
  directory?: CsvDirectoryCheck;
  /** Users of the file already in another active wave (set by the wave start, once the file was read). */
  overlap?: WaveOverlap;
}

/** Job data of a CSV wave's expansion: the group fields plus where the stored rows resume. */
export const csvExpandJob = expandWaveJob.extend({
  /** Stored rows already expanded: a resumed job starts at this index of the list. */
  csvOffset: z.number().int().min(0).default(0),
  chunkSize: z.number().int().min(1).max(5000).default(CSV_DEFAULT_CHUNK),
});
export type CsvExpandJob = z.infer<typeof csvExpandJob>;

export type AddPage = (deps: RolloutDeps, wave: Wave, users: readonly DirectoryUser[]) => Promise<void>;

/** The rows' store, on the repositories' connection and prefix. */
function csvRowsOf(deps: RolloutDeps): CsvRowStore {
  return new CsvRowStore(deps.redis, deps.config.REDIS_PREFIX);
}

// ---- import -----------------------------------------------------------------------------------

/** A capped list: the first `max` items are kept, the rest only counted. */
class Listing<T> {
  readonly items: T[] = [];
  notListed = 0;
  constructor(private readonly max: number) {}
  add(item: T): void {
    if (this.items.length < this.max) this.items.push(item);
    else this.notListed++;
  }
}

function describeLookupFailure(failure: UserLookupError): string {
  switch (failure.reason) {
    case 'not-found':
      return 'no such user in the directory';
    case 'rejected':
      return `the directory refused this identifier (${failure.status}${failure.code ? ` ${failure.code}` : ''})`;
    case 'incomplete':
      return 'the directory returned the user without a userPrincipalName';
    case 'throttled':
      return 'could not be checked: Graph kept throttling';
    default:
      return `could not be checked (${failure.status}${failure.code ? ` ${failure.code}` : ''})`;
  }
}

function userText(user: CsvUserRef): string {
  return user.kind === 'id' ? `object id ${user.value}` : user.value;
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
  const store = csvRowsOf(deps);
  const dryRun = options.dryRun ?? false;
  const resolveUsers = options.resolveUsers ?? dryRun;
  const maxListed = options.maxListed ?? DEFAULT_MAX_LISTED;
  const errors = new Listing<CsvLineError>(maxListed);
  const duplicateLines = new Listing<{ line: number; firstLine: number }>(maxListed);
  const unresolved = new Listing<CsvLineError>(maxListed);
  const excludedIds = new Set(deps.config.EXCLUDED_USER_IDS.map((id) => id.toLowerCase()));
  const report: CsvImportReport = {
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
    errors: errors.items,
    errorsNotListed: 0,
    duplicateLines: duplicateLines.items,
    duplicatesNotListed: 0,
  };
  const directory: CsvDirectoryCheck | undefined = resolveUsers
    ? { checked: 0, found: 0, excluded: 0, unresolved: unresolved.items, unresolvedNotListed: 0 }
    : undefined;
  if (directory) report.directory = directory;

  let pending: CsvWaveRow[] = [];

  const checkDirectory = async (rows: CsvWaveRow[]) => {
    if (!directory || !rows.length) return;
    const results = await readUsersBatch(
      deps.graph,
      rows.map((row) => row.user.value),
    );
    const found: Array<{ row: CsvWaveRow; user: DirectoryUser }> = [];
    for (const row of rows) {
      directory.checked++;
      const result = results.get(row.user.value) as UserLookupResult;
      if (result instanceof UserLookupError) {
        unresolved.add({
          line: row.line,
          message: `${userText(row.user)}: ${describeLookupFailure(result)}`,
        });
      } else found.push({ row, user: result });
    }
    if (!found.length) return;
    // The same person named once by object id and once by UPN: a duplicate, found through the directory.
    const firstLines = await store.addDirectoryIds(
      options.importId,
      found.map(({ row, user }) => ({ line: row.line, userId: user.id })),
    );
    found.forEach(({ row, user }, index) => {
      const firstLine = firstLines[index];
      if (firstLine) {
        report.valid--;
        report.duplicates++;
        duplicateLines.add({ line: row.line, firstLine });
        return;
      }
      directory.found++;
      if (user.accountEnabled === false || excludedIds.has(user.id.toLowerCase())) directory.excluded++;
    });
  };

  const flush = async () => {
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    const firstLines = await store.addRows(options.importId, batch, !dryRun);
    const fresh: CsvWaveRow[] = [];
    batch.forEach((row, index) => {
      const firstLine = firstLines[index];
      if (firstLine) {
        report.duplicates++;
        duplicateLines.add({ line: row.line, firstLine });
      } else {
        report.valid++;
        fresh.push(row);
      }
    });
    await options.onUsers?.(fresh.map((row) => row.user));
    await checkDirectory(fresh);
  };

  try {
    for await (const event of readWaveRows(input)) {
      switch (event.kind) {
        case 'delimiter':
          report.delimiter = event.delimiter;
          break;
        case 'layout':
          report.header = event.layout.hasHeader;
          report.columns = event.layout.headerNames;
          break;
        case 'blank':
          report.blankLines++;
          break;
        case 'invalid':
          report.invalid++;
          report.rows++;
          errors.add(event.error);
          break;
        case 'row':
          report.rows++;
          pending.push(event.row);
          if (pending.length >= CSV_FLUSH_ROWS) await flush();
          break;
        case 'fatal':
          report.fatal = event.error;
          break;
      }
    }
    if (!report.fatal) await flush();
  } finally {
    if (dryRun) await store.forgetSeen(options.importId);
  }
  report.errorsNotListed = errors.notListed;
  report.duplicatesNotListed = duplicateLines.notListed;
  if (directory) directory.unresolvedNotListed = unresolved.notListed;
  report.errors.sort((a, b) => a.line - b.line);
  report.duplicateLines.sort((a, b) => a.line - b.line);
  report.accepted =
    !report.fatal && report.valid > 0 && (report.invalid === 0 || (options.skipInvalid ?? false));
  return report;
}

/** The import became a wave: its rows stay, its dedupe table goes. */
export async function commitCsvRows(deps: RolloutDeps, waveId: string): Promise<void> {
  await csvRowsOf(deps).commit(waveId);
}

/** The import was refused (or failed): nothing of it stays. */
export async function discardCsvRows(deps: RolloutDeps, importId: string): Promise<void> {
  await csvRowsOf(deps).discard(importId);
}

export type { CsvUnresolvedRow, CsvWaveReport } from '../store/csv-rows';

// ---- expansion --------------------------------------------------------------------------------

/**
 * Expands a CSV wave's stored rows a chunk at a time: resolve through Graph `$batch`, add the users
 * and their outreach jobs with wave-plan's page logic, report the rows the directory does not know,
 * save the cursor. A user the directory cannot be asked about right now (throttled past the retries,
 * 5xx) fails the step: BullMQ retries the job, which resumes at the saved cursor, so nobody is skipped.
 */
export async function expandCsvRows(
  deps: RolloutDeps,
  job: Job,
  wave: Wave,
  addPage: AddPage,
): Promise<void> {
  const data = csvExpandJob.parse(job.data);
  const store = csvRowsOf(deps);
  const total = await store.count(wave.id);
  if (total === 0) throw new UnrecoverableError(`wave ${wave.id} has no stored CSV rows to expand`);
  let { csvOffset: offset, pagesDone } = data;
  while (offset < total) {
    const stored = await store.readRows(wave.id, offset, data.chunkSize);
    if (!stored.length) break;
    const rows = stored.map((row, index) => {
      if (!row)
        throw new UnrecoverableError(`wave ${wave.id}: stored CSV row ${offset + index} is unreadable`);
      return row;
    });
    const results = await readUsersBatch(
      deps.graph,
      rows.map((row) => row.user.value),
    );
    const users: DirectoryUser[] = [];
    const seen = new Set<string>();
    const unresolved: Array<{ row: StoredCsvRow; reason: string }> = [];
    for (const row of rows) {
      const result = results.get(row.user.value) as UserLookupResult;
      if (result instanceof UserLookupError) {
        if (!result.isFinal) throw new Error(`wave ${wave.id}: line ${row.line}: ${result.message}`);
        unresolved.push({ row, reason: describeLookupFailure(result) });
      } else if (!seen.has(result.id)) {
        seen.add(result.id);
        users.push(result);
      }
    }
    if (users.length) await addPage(deps, wave, users);
    await store.addUnresolved(wave.id, unresolved);
    offset += stored.length;
    pagesDone += 1;
    await job.updateData({ ...data, waveId: wave.id, pagesDone, csvOffset: offset });
  }
  const report = await csvWaveReport(deps, wave.id, 20);
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: 'bot',
    action: 'csv-expanded',
    waveId: wave.id,
    detail:
      `${report.rows} rows from ${wave.source.kind === 'csv' ? wave.source.fileName : 'CSV'}; ` +
      `${report.unresolvedCount} not in the directory` +
      (report.unresolved.length ? ` (lines ${report.unresolved.map((row) => row.line).join(', ')})` : ''),
  });
}

/** What the expansion made of a CSV wave's rows: how many, and which ones the directory did not know. */
export async function csvWaveReport(deps: RolloutDeps, waveId: string, limit = 100): Promise<CsvWaveReport> {
  return csvRowsOf(deps).report(waveId, limit);
}
