import type { Storage, StoreItems } from 'botbuilder';
import type { Redis } from 'ioredis';
import type { RolloutKeys } from './keys';
import { LuaScript } from './lua-script';

/**
 * botbuilder `Storage` on Redis for dialog and conversation state, so a multi-turn dialog survives
 * a restart and works when several bot instances share one Redis. eTags give the optimistic
 * concurrency botbuilder expects: a stale write is refused instead of silently overwriting.
 */
const WRITE_WITH_ETAG = new LuaScript(
  `
local current = redis.call('GET', KEYS[1])
if ARGV[2] ~= '*' and ARGV[2] ~= '' and current then
  local stored = cjson.decode(current).eTag
  if stored ~= ARGV[2] then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
`,
  1,
);

export class StaleStateError extends Error {
  constructor(key: string) {
    super(`state ${key} was changed by another turn; the write was refused`);
    this.name = 'StaleStateError';
  }
}

export class RedisBotStorage implements Storage {
  private eTagCounter = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
    /** Dialog state of an abandoned conversation should not live forever. */
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys.length) return {};
    const raws = await this.redis.mget(keys.map((key) => this.keys.botState(key)));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const raw = raws[i];
      if (raw) items[key] = JSON.parse(raw);
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const expected = typeof item?.eTag === 'string' ? item.eTag : '*';
      const eTag = `${Date.now().toString(36)}-${(this.eTagCounter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const written = await WRITE_WITH_ETAG.run(
        this.redis,
        this.keys.botState(key),
        JSON.stringify({ ...item, eTag }),
        expected,
        String(this.ttlSeconds),
      );
      if (Number(written) !== 1) throw new StaleStateError(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length) await this.redis.del(...keys.map((key) => this.keys.botState(key)));
  }
}
