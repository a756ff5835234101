import type { UserStatus } from '../rollout/user-state';
import {
  DIGEST_ATTENTION_STATUSES,
  DIGEST_NAMES_PER_LIST,
  type NamedUsers,
  READY_METHODS,
  type ReadyMethod,
  type WaveDigest,
} from '../rollout/wave-digest';
import type { RolloutRepository } from './rollout-repository';

/**
 * Everything the admin digest shows about a wave, from the status indexes: counts are set sizes,
 * and each group's names come from a bounded scan of its index, so a 100,000-user wave costs about
 * what a 10-user one does. The bot's `wave status` and the posted digest both read it here.
 */
export async function readWaveDigest(
  repo: RolloutRepository,
  waveId: string,
  perList = DIGEST_NAMES_PER_LIST,
): Promise<WaveDigest> {
  const [counts, readyCounts] = await Promise.all([
    repo.countByStatus(waveId),
    repo.countReadyByMethod(waveId),
  ]);
  const named = async (total: number, ids: (limit: number) => Promise<string[]>): Promise<NamedUsers> => ({
    users: total > 0 ? await repo.getUsers(waveId, await ids(perList)) : [],
    total,
  });
  const byStatus = (status: UserStatus) =>
    named(counts[status], (limit) => repo.userIdsWithStatus(waveId, status, limit));
  const byMethod = (method: ReadyMethod) =>
    named(readyCounts[method], (limit) => repo.readyUserIds(waveId, method, limit));

  const [ready, attention] = await Promise.all([
    readEach(READY_METHODS, byMethod),
    readEach(DIGEST_ATTENTION_STATUSES, byStatus),
  ]);
  return { counts, ready, attention };
}

/** One read per key, in parallel, gathered into a record by key. */
async function readEach<K extends string>(
  keys: readonly K[],
  read: (key: K) => Promise<NamedUsers>,
): Promise<Record<K, NamedUsers>> {
  const values = await Promise.all(keys.map(read));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as Record<K, NamedUsers>;
}
