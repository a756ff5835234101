import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script called by its SHA (EVALSHA): the source goes over the wire only the first time a
 * Redis server sees it (or after a restart / SCRIPT FLUSH, answered NOSCRIPT). The hot paths run
 * several scripts per card, so sending their text every time costs real CPU at thousands per second.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly numberOfKeys: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, ...keysAndArgs: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, this.numberOfKeys, ...keysAndArgs);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, this.numberOfKeys, ...keysAndArgs);
    }
  }
}
