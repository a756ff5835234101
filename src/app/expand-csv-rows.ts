import { readUsersBatch, UserLookupError, type UserLookupResult } from '../graph/user-batch';
import type { DirectoryUser } from '../rollout/directory';
import type { Wave } from '../rollout/wave';
import type { StoredCsvRow } from '../store/csv-rows';
import { describeLookupFailure } from './csv-lookup-failure';
import { csvWaveReport } from './csv-wave-report';
import type { RolloutDeps } from './deps';
import { NotRetryableError } from './not-retryable';

/** Stored rows expanded per step, unless the job says otherwise. */
export const CSV_DEFAULT_CHUNK = 500;

/** Adds one page of directory users to a wave: wave users, exclusions, outreach (the group expansion's logic). */
export type AddPage = (deps: RolloutDeps, wave: Wave, users: readonly DirectoryUser[]) => Promise<void>;

/** Where an expansion starts: rows already expanded (the index in the stored list) and steps done. */
export interface CsvCursor {
  offset: number;
  pagesDone: number;
  /** Rows per step: looked up in one go and added as one page; a crash re-does one step at most. */
  chunkSize: number;
}

/** Keeps the cursor after each step, so a crashed expansion resumes at the next one. */
export type SaveCsvCursor = (offset: number, pagesDone: number) => Promise<void>;

/** The wave's stored rows cannot be expanded at all: running it again will not help. */
export class CsvRowsUnusableError extends NotRetryableError {
  override name = 'CsvRowsUnusableError';
}

/**
 * The second step of a wave from a CSV file (the wave-plan worker): expands the rows the import
 * stored a chunk at a time: resolve through Graph `$batch`, add the users and their outreach jobs
 * with `addPage`, keep the rows the directory does not know, save the cursor. A chunk done twice adds
 * nobody twice (users are inserted only if absent, sends are guarded by user state). A user the
 * directory cannot be asked about right now (throttled past the retries, 5xx) fails the step: the
 * caller retries from the saved cursor, so nobody is skipped.
 */
export async function expandCsvRows(
  deps: RolloutDeps,
  wave: Wave,
  addPage: AddPage,
  cursor: CsvCursor,
  saveCursor: SaveCsvCursor,
): Promise<void> {
  const store = deps.csvRows;
  const total = await store.count(wave.id);
  if (total === 0) throw new CsvRowsUnusableError(`wave ${wave.id} has no stored CSV rows to expand`);
  let { offset, pagesDone } = cursor;
  while (offset < total) {
    const stored = await store.readRows(wave.id, offset, cursor.chunkSize);
    if (!stored.length) break;
    const rows = stored.map((row, index) => {
      if (!row)
        throw new CsvRowsUnusableError(`wave ${wave.id}: stored CSV row ${offset + index} is unreadable`);
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
    await saveCursor(offset, pagesDone);
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
