/**
 * A sliding-window limit, the shape Graph documents for the reports API (5 requests per 10 seconds
 * per tenant). A refused request does not count, and Retry-After says when the oldest one leaves
 * the window, so a client that honours it gets through on its next try.
 */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

export class SlidingWindowLimiter {
  private stamps: number[] = [];

  constructor(
    private limit: RateLimit | false,
    private readonly now: () => number = Date.now,
  ) {}

  configure(limit: RateLimit | false): void {
    this.limit = limit;
    this.stamps = [];
  }

  get config(): RateLimit | false {
    return this.limit;
  }

  admit(): Admission {
    if (!this.limit) return { ok: true };
    const now = this.now();
    const windowStart = now - this.limit.windowMs;
    this.stamps = this.stamps.filter((stamp) => stamp > windowStart);
    if (this.stamps.length < this.limit.requests) {
      this.stamps.push(now);
      return { ok: true };
    }
    const waitMs = this.stamps[0]! + this.limit.windowMs - now;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  reset(): void {
    this.stamps = [];
  }
}
