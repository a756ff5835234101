import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';

/**
 * A sliding-window log on the Redis clock, the way Graph counts (N writes in any window of W).
 * Each booking is one sorted-set member `seq:writes` scored by the time it may go. Bookings are made
 * in time order, at the earliest moment at or after the last booking whose window, with it, holds at
 * most the budget; so no window ever holds more, and takers are served first come, first served.
 * A booking that waits for old writes to leave the window adds a margin: a request that reached
 * Graph a little late must be out of Graph's window too.
 * KEYS: the log, its sequence. ARGV: window ms, budget, writes, margin ms. Reply: ms to wait, as a string.
 */
const BOOK = new LuaScript(
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window = tonumber(ARGV[1])
local budget = tonumber(ARGV[2])
local writes = tonumber(ARGV[3])
local margin = tonumber(ARGV[4])
local at = now
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] and tonumber(last[2]) > at then at = tonumber(last[2]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', at - window)
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. tostring(at - window), '+inf', 'WITHSCORES')
local count = 0
for i = 1, #live, 2 do count = count + tonumber(string.match(live[i], ':(%d+)$')) end
local i = 1
while count + writes > budget and i <= #live do
  count = count - tonumber(string.match(live[i], ':(%d+)$'))
  at = tonumber(live[i + 1]) + window + margin
  i = i + 2
end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], at, seq .. ':' .. writes)
local ttl = math.ceil(at - now + window + 1000)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return tostring(at - now)
`,
  2,
);

export interface IdentityWritePacerOptions {
  /** Writes allowed per window for the whole fleet (GRAPH_IDENTITY_WRITES_PER_WINDOW). */
  writesPerWindow: number;
  windowMs: number;
  /** Extra wait past the window for late arrivals; default a twentieth of the window, at most 1 s. */
  marginMs?: number;
}

/** The fleet-wide WritePacer (src/graph/write-pacer.ts) on Redis: one budget for every process. */
export class IdentityWritePacer {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly options: IdentityWritePacerOptions,
  ) {
    if (
      !Number.isInteger(options.writesPerWindow) ||
      options.writesPerWindow < 1 ||
      !(options.windowMs > 0)
    ) {
      throw new RangeError('the identity write pacer needs a whole positive budget and a positive window');
    }
  }

  /** Resolves when `writes` more identity writes may be sent by this process. */
  async take(writes: number): Promise<void> {
    const waitMs = await this.reserve(writes);
    if (waitMs >= 1) await sleep(waitMs);
  }

  /** Books `writes` writes and answers how many ms from now they may go (take() then waits that long). */
  async reserve(writes: number): Promise<number> {
    if (!Number.isInteger(writes) || writes < 0) throw new RangeError('writes must be a whole number');
    if (writes > this.options.writesPerWindow) {
      throw new RangeError(
        `${writes} writes at once exceed the budget of ${this.options.writesPerWindow} per window`,
      );
    }
    if (writes === 0) return 0;
    const reply = await BOOK.run(
      this.redis,
      this.key,
      `${this.key}:seq`,
      String(this.options.windowMs),
      String(this.options.writesPerWindow),
      String(writes),
      String(this.options.marginMs ?? Math.min(1000, this.options.windowMs / 20)),
    );
    return Number(reply);
  }
}
