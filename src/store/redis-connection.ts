import { Redis } from 'ioredis';

export type { Redis };

/**
 * BullMQ workers block on Redis and need `maxRetriesPerRequest: null`; repositories want commands
 * to fail fast instead of hanging while Redis is away, hence two flavours.
 */
export function createRedis(url: string, purpose: 'commands' | 'blocking' = 'commands'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: purpose === 'blocking' ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
    // Commands issued in the same tick by concurrent jobs go out in one write: at hundreds of
    // cards a second, one socket write per command was a visible share of the CPU.
    enableAutoPipelining: purpose === 'commands',
  });
}
