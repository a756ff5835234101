import type { UserStatus } from '../rollout/user-state';
import {
  AWAITING_APPROVAL_STATUSES,
  DIGEST_ATTENTION_STATUSES,
  DIGEST_NAMES_PER_LIST,
  mayAwaitApproval,
  type NamedUsers,
  READY_METHODS,
  type ReadyMethod,
  type WaveDigest,
} from '../rollout/wave-digest';
import type { PhoneCorrectionStore } from './phone-corrections';
import type { RolloutRepository } from './rollout-repository';

/** The stores the digest is read from. */
export interface WaveDigestSources {
  repo: RolloutRepository;
  /** Who waits for the helpdesk to approve a corrected number. */
  phoneCorrections: PhoneCorrectionStore;
}

/**
 * Everything the admin digest shows about a wave, from the status indexes: counts are set sizes,
 * and each group's names come from a bounded scan of its index, so a 100,000-user wave costs about
 * what a 10-user one does. Users waiting for the helpdesk to approve a number are taken out of their
 * state's group and listed on their own. The bot's `wave status`, the posted digest and the CLI's
 * `wave status` all read it here.
 */
export async function readWaveDigest(
  { repo, phoneCorrections }: WaveDigestSources,
  waveId: string,
  perList = DIGEST_NAMES_PER_LIST,
): Promise<WaveDigest> {
  const [counts, readyCounts] = await Promise.all([
    repo.countByStatus(waveId),
    repo.countReadyByMethod(waveId),
  ]);
  // By name: the index scan's order is arbitrary, and a digest updated in place should not reshuffle.
  const usersOf = async (ids: string[]) => (ids.length ? byName(await repo.getUsers(waveId, ids)) : []);
  const named = async (total: number, ids: (limit: number) => Promise<string[]>): Promise<NamedUsers> => ({
    users: total > 0 ? await usersOf(await ids(perList)) : [],
    total,
  });
  const byMethod = (method: ReadyMethod) =>
    named(readyCounts[method], (limit) => repo.readyUserIds(waveId, method, limit));

  const splits = new Map(
    await Promise.all(
      AWAITING_APPROVAL_STATUSES.map(
        async (status) =>
          [
            status,
            counts[status] > 0
              ? await phoneCorrections.splitByApproval(waveId, status, perList)
              : { awaiting: { total: 0, userIds: [] }, others: { total: 0, userIds: [] } },
          ] as const,
      ),
    ),
  );
  const byStatus = async (status: UserStatus): Promise<NamedUsers> => {
    if (!mayAwaitApproval(status))
      return named(counts[status], (limit) => repo.userIdsWithStatus(waveId, status, limit));
    const { others } = splits.get(status)!;
    return { users: await usersOf(others.userIds), total: others.total };
  };
  const awaitingIds = [...splits.values()].flatMap((split) => split.awaiting.userIds).slice(0, perList);

  const [ready, attention, awaitingUsers] = await Promise.all([
    readEach(READY_METHODS, byMethod),
    readEach(DIGEST_ATTENTION_STATUSES, byStatus),
    usersOf(awaitingIds),
  ]);
  const awaitingTotal = [...splits.values()].reduce((sum, split) => sum + split.awaiting.total, 0);
  return { counts, ready, attention, awaitingApproval: { users: awaitingUsers, total: awaitingTotal } };
}

function byName<T extends { displayName: string; userId: string }>(users: T[]): T[] {
  return users.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId));
}

/** One read per key, in parallel, gathered into a record by key. */
async function readEach<K extends string>(
  keys: readonly K[],
  read: (key: K) => Promise<NamedUsers>,
): Promise<Record<K, NamedUsers>> {
  const values = await Promise.all(keys.map(read));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as Record<K, NamedUsers>;
}
