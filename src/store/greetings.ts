import type { Redis } from 'ioredis';
import type { RolloutKeys } from './keys';

/** Who the bot has greeted in their 1:1 chat: once per user, whatever restarts or reinstalls. */
export class Greetings {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  /** True for the first caller only, for good: the installation and the chat-opened events race. */
  async claim(userId: string, at: Date): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.greeted, userId.toLowerCase(), at.toISOString())) === 1;
  }
}
