import { SlidingWindowLimiter } from '../sim-kit/sliding-window';

/** How options, tests and `/_sim/registration-throttle` state a Graph limit: N requests per window. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** The reports API (userRegistrationDetails): 5 requests per 10 seconds per tenant. */
export const REPORTS_API_LIMIT: RateLimit = { requests: 5, windowMs: 10_000 };

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Graph keys its limits by tenant (the reports API) or by app and tenant (identity writes); the
 * simulator serves one tenant to one app, so each throttle has this one key.
 */
const THE_TENANT = 'tenant';

/**
 * One of Graph's documented limits, changeable at run time (`configure`, `false` switches it off).
 * A refused request does not count, and Retry-After says in whole seconds when the oldest request
 * leaves the window, so a client that honours it gets through on its next try.
 */
export class GraphThrottle {
  private window: SlidingWindowLimiter | undefined;

  constructor(
    private limit: RateLimit | false,
    private readonly now: () => number = Date.now,
  ) {
    this.window = windowFor(limit);
  }

  /** A new limit, window empty; a limit it cannot enforce throws InvalidWindowRuleError, the old one stays. */
  configure(limit: RateLimit | false): void {
    this.window = windowFor(limit);
    this.limit = limit;
  }

  get config(): RateLimit | false {
    return this.limit;
  }

  admit(): Admission {
    if (!this.window) return { ok: true };
    const result = this.window.tryAcquire(THE_TENANT, this.now());
    if (result.allowed) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)) };
  }
}

function windowFor(limit: RateLimit | false): SlidingWindowLimiter | undefined {
  return limit ? new SlidingWindowLimiter([{ windowMs: limit.windowMs, limit: limit.requests }]) : undefined;
}

export interface GraphLimitOptions {
  /** The reports API limit; REPORTS_API_LIMIT when omitted, `false` to switch it off. */
  readonly reports?: RateLimit | false;
  /** Clock for the windows. Default Date.now. */
  readonly now?: () => number;
}

/**
 * Every Graph limit the simulator enforces, one throttle per documented limit. Another limit is a
 * constant above, a throttle here (reset below), and `admit()` plus `tooManyRequests` in its resource.
 */
export class GraphLimits {
  readonly reports: GraphThrottle;
  private readonly initialReports: RateLimit | false;

  constructor(options: GraphLimitOptions = {}) {
    this.initialReports = options.reports ?? REPORTS_API_LIMIT;
    this.reports = new GraphThrottle(this.initialReports, options.now);
  }

  /** Back to the limits the simulator started with, every window empty. */
  reset(): void {
    this.reports.configure(this.initialReports);
  }
}
