import type { Redis } from 'ioredis';

/** As long as the plans themselves are kept (src/store/enforcement-store.ts). */
const RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * The last enforcement plan started for each wave: the digest shows whom it held back, by gate,
 * until the next one replaces it.
 */
export class LastEnforcementPlans {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(waveId: string): string {
    return `${this.prefix}:wave:${waveId}:enforce-last-plan`;
  }

  async remember(waveId: string, planId: string): Promise<void> {
    await this.redis.set(this.key(waveId), planId, 'EX', RETENTION_SECONDS);
  }

  async planId(waveId: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(waveId))) ?? undefined;
  }
}
