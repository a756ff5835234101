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
  private alreadyDone = 0;
  private readonly usersPerWave = new Map<string, number>();

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
      this.usersPerWave.set(waveId, (this.usersPerWave.get(waveId) ?? 0) + members.length);
      const records = await this.deps.repo.getUsers(waveId, members);
      this.alreadyDone += records.filter(
        (record) => record.status === 'ready' || record.status === 'enforced',
      ).length;
    }
  }

  async summary(): Promise<WaveOverlap> {
    const ranked = [...this.usersPerWave].sort((a, b) => b[1] - a[1]);
    const named = ranked.slice(0, OVERLAP_WAVES_NAMED);
    const waves = await Promise.all(
      named.map(async ([waveId, users]) => ({
        waveId,
        name: (await this.deps.repo.getWave(waveId))?.name ?? waveId,
        users,
      })),
    );
    return {
      targeted: this.targeted,
      overlapping: this.overlapping,
      alreadyDone: this.alreadyDone,
      waves,
      usersInOtherWaves: ranked.slice(OVERLAP_WAVES_NAMED).reduce((sum, [, users]) => sum + users, 0),
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
