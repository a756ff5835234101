import { listGroupUserPages } from '../graph/group-members';
import { addWaveUsers } from './add-wave-users';
import { announceWave, tellAdminsTheWaveIsEmpty } from './announce-wave';
import type { RolloutDeps } from './deps';
import { expandCsvRows } from './expand-csv-rows';
import { NotRetryableError } from './not-retryable';
import { scheduleWaveReminders } from './remind';

/** Where an interrupted expansion picks up. */
export interface ExpansionCursor {
  /** A group wave: the `@odata.nextLink` of the next page to read (none: the first page). */
  nextLink?: string;
  pagesDone: number;
  /** A CSV wave: stored rows already expanded, and how many rows make one step. */
  csvOffset: number;
  csvChunkSize: number;
}

/**
 * Reads the wave's users a page (or a chunk of CSV rows) at a time and turns each page into wave
 * users and first-card jobs. The cursor is saved after each page, so a crash resumes at the page it
 * was on; re-doing a page adds nobody twice (users are inserted only if absent, and sends are
 * guarded by user state). Then the wave is active: announced, its reminders scheduled, once.
 */
export async function expandWave(
  deps: RolloutDeps,
  waveId: string,
  cursor: ExpansionCursor,
  saveCursor: (cursor: ExpansionCursor) => Promise<void>,
): Promise<number> {
  const wave = await deps.repo.getWave(waveId);
  if (!wave) throw new NotRetryableError(`wave ${waveId} does not exist`);
  if (wave.source.kind === 'csv') {
    await expandCsvRows(
      deps,
      wave,
      addWaveUsers,
      { offset: cursor.csvOffset, pagesDone: cursor.pagesDone, chunkSize: cursor.csvChunkSize },
      (csvOffset, pagesDone) => saveCursor({ ...cursor, csvOffset, pagesDone }),
    );
  } else {
    let pagesDone = cursor.pagesDone;
    for await (const page of listGroupUserPages(deps.graph, wave.source.groupId, {
      startAt: cursor.nextLink,
    })) {
      await addWaveUsers(deps, wave, page.users);
      pagesDone += 1;
      await saveCursor({ ...cursor, nextLink: page.nextLink, pagesDone });
    }
  }
  const counts = await deps.repo.countByStatus(wave.id);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const leftOut = await deps.repo.countLeftOut(wave.id);
  // Nobody could join (none found in the directory, or all in other active waves): no wave to run.
  const status = total === 0 ? 'closed' : 'active';
  const expanded = await deps.repo.updateWave(wave.id, { status, total, leftOut });
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: 'bot',
    action: total === 0 ? 'wave-empty' : 'wave-expanded',
    waveId: wave.id,
    detail: `${total} users, ${counts.excluded} excluded, ${leftOut} left out (already in another active wave)`,
  });
  if (!wave.announcedAt) {
    if (total === 0) await tellAdminsTheWaveIsEmpty(deps, expanded);
    else {
      await scheduleWaveReminders(deps, expanded);
      await announceWave(deps, expanded, counts.excluded);
    }
    // A retried expansion job must not announce twice or schedule reminders twice.
    await deps.repo.updateWave(wave.id, { announcedAt: deps.now().toISOString() });
  }
  return total;
}
