/**
 * Exact sliding-window rate limiting per key, the one limiter both simulators use.
 *
 * Microsoft states its limits as "N requests in any window of W" per key: Teams per conversation
 * (several windows at once: 7/1 s, 8/2 s, 60/30 s, 1800/h) and per tenant, Graph's reports API per
 * tenant. Fixed buckets would let bursts through at bucket edges, so each key keeps the timestamps
 * it accepted within the longest window, sorted; a check is a binary search per rule. A refused
 * request counts against nothing. Memory is one number per accepted request in the last window, and
 * keys that went quiet are swept, so 100k conversations with a few messages each stay small.
 */

export interface WindowRule {
  /** Length of the sliding window in milliseconds. */
  readonly windowMs: number;
  /** Requests allowed within any such window. */
  readonly limit: number;
}

export type AcquireResult =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number; readonly rule: WindowRule };

export class InvalidWindowRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWindowRuleError';
  }
}

interface Timeline {
  times: number[];
  /** Index of the oldest live entry; entries before it expired (compacted lazily). */
  head: number;
}

export interface SlidingWindowOptions {
  /** How often idle keys are dropped (checked on use, no timer). Default one minute. */
  readonly sweepIntervalMs?: number;
}

/** Compact a timeline once this many expired entries sit at its front (and they are half of it). */
const COMPACT_AFTER = 256;

export class SlidingWindowLimiter {
  private readonly rules: readonly WindowRule[];
  private readonly longestMs: number;
  private readonly sweepIntervalMs: number;
  private readonly timelines = new Map<string, Timeline>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(rules: readonly WindowRule[], options: SlidingWindowOptions = {}) {
    if (rules.length === 0) throw new InvalidWindowRuleError('at least one window rule is required');
    for (const rule of rules) {
      if (!(rule.windowMs > 0) || !Number.isInteger(rule.limit) || rule.limit < 1) {
        throw new InvalidWindowRuleError(`invalid window rule ${JSON.stringify(rule)}`);
      }
    }
    this.rules = [...rules];
    this.longestMs = Math.max(...rules.map((rule) => rule.windowMs));
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  }

  /** Counts the request against every window if all allow it; otherwise counts nothing. */
  tryAcquire(key: string, now: number): AcquireResult {
    this.maybeSweep(now);
    let timeline = this.timelines.get(key);
    if (timeline) {
      this.prune(timeline, now);
      let retryAfterMs = 0;
      let violated: WindowRule | undefined;
      for (const rule of this.rules) {
        const wait = this.waitFor(timeline, rule, now);
        if (wait > retryAfterMs) {
          retryAfterMs = wait;
          violated = rule;
        }
      }
      if (violated) return { allowed: false, retryAfterMs, rule: violated };
    } else {
      timeline = { times: [], head: 0 };
      this.timelines.set(key, timeline);
    }
    // Keep the list sorted even if the clock steps back (binary search relies on it).
    const last = timeline.times[timeline.times.length - 1];
    timeline.times.push(last !== undefined && last > now ? last : now);
    return { allowed: true };
  }

  /** Requests counted for key in the window of windowMs ending at now. */
  count(key: string, windowMs: number, now: number): number {
    const timeline = this.timelines.get(key);
    if (!timeline) return 0;
    return timeline.times.length - firstAfter(timeline.times, timeline.head, now - windowMs);
  }

  /** Keys currently tracked (for memory checks in tests and benchmarks). */
  get size(): number {
    return this.timelines.size;
  }

  /** Drops keys with nothing inside the longest window. */
  sweep(now: number): void {
    this.lastSweep = now;
    const cutoff = now - this.longestMs;
    for (const [key, timeline] of this.timelines) {
      const newest = timeline.times[timeline.times.length - 1];
      if (newest === undefined || newest <= cutoff) this.timelines.delete(key);
    }
  }

  clear(): void {
    this.timelines.clear();
  }

  private maybeSweep(now: number): void {
    if (now - this.lastSweep >= this.sweepIntervalMs) this.sweep(now);
  }

  /** Milliseconds until one more request fits in rule's window; 0 when it fits now. */
  private waitFor(timeline: Timeline, rule: WindowRule, now: number): number {
    const { times } = timeline;
    const inWindow = times.length - firstAfter(times, timeline.head, now - rule.windowMs);
    if (inWindow < rule.limit) return 0;
    // The entry whose expiry brings the count down to limit - 1 (entries expire at t + windowMs).
    const freeing = times[times.length - rule.limit]!;
    return Math.max(1, freeing + rule.windowMs - now);
  }

  private prune(timeline: Timeline, now: number): void {
    timeline.head = firstAfter(timeline.times, timeline.head, now - this.longestMs);
    if (timeline.head >= COMPACT_AFTER && timeline.head * 2 >= timeline.times.length) {
      timeline.times = timeline.times.slice(timeline.head);
      timeline.head = 0;
    }
  }
}

/** Index of the first entry at or after from that is strictly greater than bound (sorted input). */
function firstAfter(times: readonly number[], from: number, bound: number): number {
  let low = from;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid]! > bound) high = mid;
    else low = mid + 1;
  }
  return low;
}
