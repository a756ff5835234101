import type { Redis } from 'ioredis';
import type { RolloutKeys } from './keys';
import { LuaScript } from './lua-script';

/** Deletes the lock only if it is still ours: a worker that overran its lease must not free someone else's. */
const RELEASE_IF_OWNER = new LuaScript(
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
  1,
);

/**
 * At most one request in flight to a user's 1:1 conversation (a Teams rule), across every worker
 * process. The lease expires, so a worker that died mid-send frees the user after `ttlMs`.
 */
export class ConversationLock {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  async acquire(userId: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.conversationLock(userId), owner, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async release(userId: string, owner: string): Promise<boolean> {
    return Number(await RELEASE_IF_OWNER.run(this.redis, this.keys.conversationLock(userId), owner)) === 1;
  }

  async holder(userId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.conversationLock(userId))) ?? undefined;
  }
}
