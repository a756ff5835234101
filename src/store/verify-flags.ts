import type { Redis } from 'ioredis';
import type { VerifyLoss } from '../rollout/enforcement-verify';
import type { RolloutKeys } from './keys';

/**
 * What the Verify check has already told the admins, per wave: one field per user and loss, so a
 * loss is flagged once, and again only after it was mended (the field dropped) and lost anew.
 */
export class VerifyFlags {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Pick<RolloutKeys, 'waveVerifyFlags'>,
  ) {}

  static field(userId: string, loss: VerifyLoss): string {
    return `${userId}|${loss}`;
  }

  /** Every `userId|loss` flagged in the wave and not mended since. */
  async flagged(waveId: string): Promise<Set<string>> {
    return new Set(await this.redis.hkeys(this.keys.waveVerifyFlags(waveId)));
  }

  async flag(waveId: string, fields: readonly string[], at: Date): Promise<void> {
    if (!fields.length) return;
    const when = at.toISOString();
    await this.redis.hset(this.keys.waveVerifyFlags(waveId), ...fields.flatMap((field) => [field, when]));
  }

  async mend(waveId: string, fields: readonly string[]): Promise<void> {
    if (fields.length) await this.redis.hdel(this.keys.waveVerifyFlags(waveId), ...fields);
  }
}
