import { listGroupUserPages } from '../graph/group-members';
import type { CsvUserRef } from '../rollout/csv-row';
import { OVERLAP_WAVES_NAMED, type WaveOverlap } from '../rollout/wave-start';
import type { RolloutDeps } from './deps';

/**
 * Counts, a page at a time, how many of a new wave's users another active wave already has, and
 * which waves: memory holds one page and one counter per wave, never the users.
 */
export class OverlapTally {
  private targeted = 0;
  private overlapping = 0;
  private readonly perWave = new Map<string, { users: number; alreadyDone: number }>();

  constructor(private readonly deps: RolloutDeps) {}

  async addUserIds(userIds: readonly string[]): Promise<void> {
    this.targeted += userIds.length;
    await this.countPlaced(userIds, await this.deps.activeWaves.wavesOf(userIds));
  }

  /** CSV rows name users by object id or UPN; a UPN no wave has placed is nobody's yet. */
  async addCsvUsers(users: readonly CsvUserRef[]): Promise<void> {
    this.targeted += users.length;
    const upnIds = await this.deps.activeWaves.userIdsOf(
      users.filter((user) => user.kind === 'upn').map((user) => user.value),
    );
    let next = 0;
    const known = users
      .map((user) => (user.kind === 'id' ? user.value : upnIds[next++]))
      .filter((id): id is string => id !== undefined);
    await this.countPlaced(known, await this.deps.activeWaves.wavesOf(known));
  }

  private async countPlaced(userIds: readonly string[], waveIds: ReadonlyArray<string | undefined>) {
    const byWave = new Map<string, string[]>();
    userIds.forEach((userId, index) => {
      const waveId = waveIds[index];
      if (waveId) byWave.set(waveId, [...(byWave.get(waveId) ?? []), userId]);
    });
    for (const [waveId, members] of byWave) {
      this.overlapping += members.length;
      const records = await this.deps.repo.getUsers(waveId, members);
      const done = records.filter((record) => record.status === 'ready' || record.status === 'enforced');
      const counted = this.perWave.get(waveId) ?? { users: 0, alreadyDone: 0 };
      this.perWave.set(waveId, {
        users: counted.users + members.length,
        alreadyDone: counted.alreadyDone + done.length,
      });
    }
  }

  async summary(): Promise<WaveOverlap> {
    const ranked = [...this.perWave].sort((a, b) => b[1].users - a[1].users);
    const waves = await Promise.all(
      ranked.slice(0, OVERLAP_WAVES_NAMED).map(async ([waveId, counted]) => ({
        waveId,
        name: (await this.deps.repo.getWave(waveId))?.name ?? waveId,
        ...counted,
      })),
    );
    const unnamed = ranked.slice(OVERLAP_WAVES_NAMED).map(([, counted]) => counted);
    const sum = (counts: Array<{ alreadyDone: number }>) =>
      counts.reduce((total, counted) => total + counted.alreadyDone, 0);
    return {
      targeted: this.targeted,
      overlapping: this.overlapping,
      alreadyDone: sum([...this.perWave.values()]),
      waves,
      usersInOtherWaves: unnamed.reduce((total, counted) => total + counted.users, 0),
      alreadyDoneInOtherWaves: sum(unnamed),
    };
  }
}

/** Reads the group's members (nested groups included) page by page and tallies the overlap. */
export async function groupOverlap(deps: RolloutDeps, groupId: string): Promise<WaveOverlap> {
  const tally = new OverlapTally(deps);
  for await (const page of listGroupUserPages(deps.graph, groupId)) {
    await tally.addUserIds(page.users.map((user) => user.id));
  }
  return tally.summary();
}
