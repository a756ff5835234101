import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';

/**
 * GCRA (generic cell rate algorithm) on the Redis clock: one key holds the "theoretical arrival
 * time" of the next request. Returns 0 when the caller may go now, else how many ms to wait.
 * The burst (default half an interval) absorbs timer lateness without letting a window overflow.
 */
const TAKE = new LuaScript(
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - now - burst
if wait > 0 then return math.ceil(wait) end
redis.call('SET', KEYS[1], tat + interval, 'PX', math.ceil(math.max(1000, tat + interval - now + 1000)))
return 0
`,
  1,
);

/** Pushes the next allowed time out to `now + ms` (a 429 from Teams pauses everyone). */
const PAUSE = new LuaScript(
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < until_ then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 1000) end
return until_
`,
  1,
);

export class RateGate {
  private readonly intervalMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    ratePerSecond: number,
    burstMs?: number,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
    // Half an interval of credit: a taker that wakes a few milliseconds late does not shift the
    // whole schedule, and any 1 s window sees at most rate + 0.5 requests (Teams counts a sliding window).
    this.burstMs = burstMs ?? this.intervalMs / 2;
  }

  private readonly burstMs: number;

  /** 0 when one request was admitted now; otherwise the ms to wait (nothing was taken). */
  async tryTake(): Promise<number> {
    return Number(await TAKE.run(this.redis, this.key, String(this.intervalMs), String(this.burstMs)));
  }

  /** Resolves when one request may be sent; shared by every process on the same Redis. */
  async take(): Promise<void> {
    for (;;) {
      const wait = await this.tryTake();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
    }
  }

  async pause(ms: number): Promise<void> {
    await PAUSE.run(this.redis, this.key, String(Math.max(0, Math.round(ms))));
  }
}
