import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';

/**
 * GCRA (generic cell rate algorithm) on the Redis clock: one key holds the "theoretical arrival
 * time" (TAT) of the next request, shared by every process. A call reserves up to ARGV[4] slots
 * that fall within the horizon and answers their offsets from now, so one round trip admits a
 * whole batch of waiters at their own times instead of each waiter polling until its turn.
 *
 * Times are fractional milliseconds, returned as strings (Redis truncates Lua numbers to integers).
 * Reply: [ms until the first slot not reserved, offset of each reserved slot...].
 */
const RESERVE = new LuaScript(
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local horizon = tonumber(ARGV[3])
local wanted = tonumber(ARGV[4])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local reply = {''}
while #reply <= wanted do
  local at = math.max(now, tat - burst)
  if at - now > horizon then break end
  reply[#reply + 1] = tostring(at - now)
  tat = tat + interval
end
if #reply > 1 then
  redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now + 1000))
end
reply[1] = tostring(math.max(0, tat - burst - now))
return reply
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

export interface RateGateOptions {
  /** Credit for requests that arrive a little early (default half an interval). */
  burstMs?: number;
  /**
   * How far ahead one process may book slots (default 100 ms, at least two intervals). Booked slots
   * are kept even if another process meets a 429 meanwhile, so this bounds what goes out after one:
   * the same as requests already in flight.
   */
  horizonMs?: number;
  /** Most slots booked in one round trip. */
  maxBatch?: number;
}

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

export class RateGate {
  private readonly intervalMs: number;
  private readonly burstMs: number;
  private readonly horizonMs: number;
  private readonly maxBatch: number;
  /** Callers of take() not yet given a slot, in arrival order. */
  private readonly waiting: Waiter[] = [];
  private reserving = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** A 429 this process saw: slots it booked earlier are not used before this (Date.now() ms). */
  private pausedUntil = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    ratePerSecond: number,
    options: RateGateOptions | number = {},
  ) {
    const settings = typeof options === 'number' ? { burstMs: options } : options;
    this.intervalMs = 1000 / ratePerSecond;
    // Half an interval of credit: a taker that wakes a few milliseconds late does not shift the
    // whole schedule, and any 1 s window sees at most rate + 0.5 requests (Teams counts a sliding window).
    this.burstMs = settings.burstMs ?? this.intervalMs / 2;
    this.horizonMs = Math.max(settings.horizonMs ?? 100, 2 * this.intervalMs);
    this.maxBatch = settings.maxBatch ?? 256;
  }

  /** 0 when one request was admitted now; otherwise the ms to wait (nothing was taken). */
  async tryTake(): Promise<number> {
    const { next, slots } = await this.reserve(1, 0);
    return slots.length > 0 ? 0 : Math.ceil(next);
  }

  /**
   * Resolves when one request may be sent; shared by every process on the same Redis. Waiters of
   * one process are served first come, first served, with one Redis call per batch of them.
   */
  take(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.book();
    });
  }

  async pause(ms: number): Promise<void> {
    const wait = Math.max(0, Math.round(ms));
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
    await PAUSE.run(this.redis, this.key, String(wait));
  }

  private async reserve(wanted: number, horizonMs: number): Promise<{ next: number; slots: number[] }> {
    const reply = (await RESERVE.run(
      this.redis,
      this.key,
      String(this.intervalMs),
      String(this.burstMs),
      String(horizonMs),
      String(wanted),
    )) as string[];
    const [next, ...slots] = reply.map(Number);
    return { next: next ?? 0, slots };
  }

  private book(): void {
    if (this.reserving || this.retryTimer || this.waiting.length === 0) return;
    const pausedFor = this.pausedUntil - Date.now();
    if (pausedFor > 0) {
      this.bookIn(pausedFor);
      return;
    }
    this.reserving = true;
    const wanted = Math.min(this.waiting.length, this.maxBatch);
    this.reserve(wanted, this.horizonMs).then(
      ({ next, slots }) => {
        this.reserving = false;
        const admitted = this.waiting.splice(0, slots.length);
        for (const [index, waiter] of admitted.entries()) this.admitAt(waiter, slots[index] as number);
        if (slots.length < wanted) this.bookIn(Math.max(1, next - this.horizonMs));
        else this.book();
      },
      (error: unknown) => {
        this.reserving = false;
        // Redis is unreachable: fail these requests (their jobs are retried) rather than hang them.
        for (const waiter of this.waiting.splice(0, wanted)) waiter.reject(error);
        this.book();
      },
    );
  }

  private bookIn(ms: number): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.book();
    }, ms);
  }

  private admitAt(waiter: Waiter, offsetMs: number): void {
    const go = () => {
      // The slot was booked before this process met a 429: wait for the pause, then book again.
      if (Date.now() < this.pausedUntil) {
        this.waiting.unshift(waiter);
        this.book();
        return;
      }
      waiter.resolve();
    };
    if (offsetMs < 1) go();
    else setTimeout(go, offsetMs);
  }
}
