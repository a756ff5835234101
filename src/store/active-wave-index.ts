import type { Redis } from 'ioredis';
import type { RolloutKeys } from './keys';

const SCAN_COUNT = 500;

/**
 * Which active wave each user is in: the read side of the claims RolloutRepository.addUsers writes.
 * Read in bulk (one HMGET per page of users), so a 50,000-user group is checked in 51 round trips.
 * A wave keeps its claims while it is active (waves are not closed yet; closing must release them
 * but keep ready and enforced users out of new waves).
 */
export class ActiveWaveIndex {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  /** The active wave of each user (undefined: none), in the order given. */
  async wavesOf(userIds: readonly string[]): Promise<Array<string | undefined>> {
    if (!userIds.length) return [];
    const found = await this.redis.hmget(
      this.keys.activeWaveOfUser,
      ...userIds.map((id) => id.toLowerCase()),
    );
    return found.map((waveId) => waveId ?? undefined);
  }

  async waveOf(userId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.keys.activeWaveOfUser, userId.toLowerCase())) ?? undefined;
  }

  /** The user id behind each UPN, for users some wave has placed (undefined: none), in the order given. */
  async userIdsOf(upns: readonly string[]): Promise<Array<string | undefined>> {
    if (!upns.length) return [];
    const found = await this.redis.hmget(this.keys.userIdOfUpn, ...upns.map((upn) => upn.toLowerCase()));
    return found.map((userId) => userId ?? undefined);
  }

  /**
   * Waves created before the index existed get their users indexed, oldest wave first (a user such
   * a wave already shares with a newer one stays with the older). Cheap once done: two reads.
   */
  async indexOlderWaves(): Promise<void> {
    const waveIds = await this.redis.zrange(this.keys.waves, 0, -1);
    if (!waveIds.length) return;
    const indexed = await this.redis.smismember(this.keys.activeWaveIndexed, ...waveIds);
    for (const [i, waveId] of waveIds.entries()) {
      if (indexed[i]) continue;
      let cursor = '0';
      do {
        const [next, flat] = await this.redis.hscan(this.keys.waveUsers(waveId), cursor, 'COUNT', SCAN_COUNT);
        cursor = next;
        const pipeline = this.redis.pipeline();
        for (let j = 1; j < flat.length; j += 2) {
          const { userId, userPrincipalName } = JSON.parse(flat[j]!) as {
            userId: string;
            userPrincipalName?: string;
          };
          pipeline.hsetnx(this.keys.activeWaveOfUser, userId.toLowerCase(), waveId);
          if (userPrincipalName)
            pipeline.hsetnx(this.keys.userIdOfUpn, userPrincipalName.toLowerCase(), userId);
        }
        await pipeline.exec();
      } while (cursor !== '0');
      await this.redis.sadd(this.keys.activeWaveIndexed, waveId);
    }
  }
}
