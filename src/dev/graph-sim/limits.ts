import { SlidingWindowLimiter } from '../sim-kit/sliding-window';

/** How options, tests and `/_sim/registration-throttle` state a Graph limit: N requests per window. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** The reports API (userRegistrationDetails): 5 requests per 10 seconds per tenant. */
export const REPORTS_API_LIMIT: RateLimit = { requests: 5, windowMs: 10_000 };

/**
 * Identity and access writes (phone methods, group membership, per-user MFA): 3,000 requests per
 * 150 s per app per tenant. Each `$batch` item counts on its own; the `$batch` request itself does not.
 */
export const IDENTITY_WRITE_LIMIT: RateLimit = { requests: 3000, windowMs: 150_000 };

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
  /** Requests let through and refused since the last configure (benchmarks read them). */
  admitted = 0;
  refused = 0;

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
    this.admitted = 0;
    this.refused = 0;
  }

  get config(): RateLimit | false {
    return this.limit;
  }

  admit(): Admission {
    const result = this.window?.tryAcquire(THE_TENANT, this.now()) ?? { allowed: true };
    if (result.allowed) {
      this.admitted++;
      return { ok: true };
    }
    this.refused++;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(result.retryAfterMs / 1000)) };
  }
}

function windowFor(limit: RateLimit | false): SlidingWindowLimiter | undefined {
  return limit ? new SlidingWindowLimiter([{ windowMs: limit.windowMs, limit: limit.requests }]) : undefined;
}

export interface GraphLimitOptions {
  /** The reports API limit; REPORTS_API_LIMIT when omitted, `false` to switch it off. */
  readonly reports?: RateLimit | false;
  /** The identity write limit; IDENTITY_WRITE_LIMIT when omitted, `false` to switch it off. */
  readonly identityWrites?: RateLimit | false;
  /** Clock for the windows. Default Date.now. */
  readonly now?: () => number;
}

/**
 * Every Graph limit the simulator enforces, one throttle per documented limit. Another limit is a
 * constant above, a throttle here (reset below), and `admit()` plus `tooManyRequests` in its resource.
 */
export class GraphLimits {
  readonly reports: GraphThrottle;
  readonly identityWrites: GraphThrottle;
  private readonly initialReports: RateLimit | false;
  private readonly initialIdentityWrites: RateLimit | false;

  constructor(options: GraphLimitOptions = {}) {
    this.initialReports = options.reports ?? REPORTS_API_LIMIT;
    this.initialIdentityWrites = options.identityWrites ?? IDENTITY_WRITE_LIMIT;
    this.reports = new GraphThrottle(this.initialReports, options.now);
    this.identityWrites = new GraphThrottle(this.initialIdentityWrites, options.now);
  }

  /** Back to the limits the simulator started with, every window empty. */
  reset(): void {
    this.reports.configure(this.initialReports);
    this.identityWrites.configure(this.initialIdentityWrites);
  }
}
