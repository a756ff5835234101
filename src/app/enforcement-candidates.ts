import type { WaveUserRecord } from '../rollout/user-state';
import type { RolloutDeps } from './deps';

/** Records are read from Redis this many at a time. */
const READ_CHUNK = 1000;

/**
 * The wave's users an enforcement looks at: every ready user, and users with an admin override on
 * file (the gates decide whether the override applies). Read in chunks, never one huge HMGET.
 */
export async function enforcementCandidates(deps: RolloutDeps, waveId: string): Promise<WaveUserRecord[]> {
  const ready = await deps.repo.userIdsWithStatus(waveId, 'ready', Number.MAX_SAFE_INTEGER);
  const overridden = await deps.enforcement.overriddenUserIds(waveId);
  const ids = [...new Set([...ready, ...overridden])];
  const records: WaveUserRecord[] = [];
  for (let start = 0; start < ids.length; start += READ_CHUNK) {
    const chunk = await deps.repo.getUsers(waveId, ids.slice(start, start + READ_CHUNK));
    records.push(...chunk);
  }
  return records;
}
