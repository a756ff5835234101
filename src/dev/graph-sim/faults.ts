import { errorResponse } from './graph-errors';
import type { SimResponse } from './types';

/**
 * Failure on demand. A rule answers the next N requests whose method and path match with a Graph
 * error (optionally with Retry-After); throttle mode answers every k-th request with 429. Batch
 * items pass through here one by one, so a single item inside a `$batch` can be throttled while its
 * neighbours succeed, as Graph does.
 */
export interface FaultRule {
  /** Any method when omitted. */
  method?: string;
  /** Tested against the path including the version and without the query, e.g. `/v1.0/users/42/manager`. */
  path: RegExp | string;
  status: number;
  /** How many matching requests fail; 1 when omitted. */
  times?: number;
  retryAfterSeconds?: number;
  code?: string;
  message?: string;
}

export interface ThrottleOptions {
  retryAfterSeconds?: number;
  /** Only requests whose path matches count and get throttled; all when omitted. */
  path?: RegExp | string;
}

interface ActiveRule {
  id: number;
  method?: string;
  path: RegExp;
  status: number;
  remaining: number;
  retryAfterSeconds?: number;
  code: string;
  message: string;
}

export interface FaultSummary {
  rules: Array<{ id: number; method?: string; path: string; status: number; remaining: number }>;
  throttleEvery?: number;
  injected: number;
}

const DEFAULT_CODES: Record<number, [code: string, message: string]> = {
  400: ['BadRequest', 'Bad request.'],
  401: ['InvalidAuthenticationToken', 'Access token is empty.'],
  403: ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'],
  404: ['Request_ResourceNotFound', 'Resource does not exist.'],
  409: ['Conflict', 'Conflict.'],
  429: ['TooManyRequests', 'Too many requests.'],
  500: ['generalException', 'General exception while processing.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['serviceNotAvailable', 'Service unavailable.'],
  504: ['GatewayTimeout', 'Gateway timeout.'],
};

function toRegExp(path: RegExp | string): RegExp {
  return typeof path === 'string' ? new RegExp(path, 'i') : path;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private throttle?: { every: number; retryAfterSeconds: number; path?: RegExp; seen: number };
  private injectedCount = 0;

  /** Returns the rule id (for `remove`). */
  inject(rule: FaultRule): number {
    if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) {
      throw new RangeError('a fault status must be 4xx or 5xx');
    }
    const [defaultCode, defaultMessage] = DEFAULT_CODES[rule.status] ?? ['UnknownError', 'Injected failure.'];
    const active: ActiveRule = {
      id: this.nextId++,
      path: toRegExp(rule.path),
      status: rule.status,
      remaining: rule.times ?? 1,
      code: rule.code ?? defaultCode,
      message: rule.message ?? defaultMessage,
    };
    if (rule.method) active.method = rule.method.toUpperCase();
    if (rule.retryAfterSeconds !== undefined) active.retryAfterSeconds = rule.retryAfterSeconds;
    this.rules.push(active);
    return active.id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((rule) => rule.id !== id);
  }

  /** Every k-th matching request gets 429 with Retry-After. */
  throttleEvery(every: number, options: ThrottleOptions = {}): void {
    if (!Number.isInteger(every) || every < 1) throw new RangeError('throttleEvery needs a positive integer');
    this.throttle = { every, retryAfterSeconds: options.retryAfterSeconds ?? 1, seen: 0 };
    if (options.path !== undefined) this.throttle.path = toRegExp(options.path);
  }

  stopThrottling(): void {
    this.throttle = undefined;
  }

  clear(): void {
    this.rules = [];
    this.throttle = undefined;
    this.injectedCount = 0;
  }

  /** Faults answered so far. */
  get injected(): number {
    return this.injectedCount;
  }

  summary(): FaultSummary {
    const summary: FaultSummary = {
      rules: this.rules.map((rule) => ({
        id: rule.id,
        ...(rule.method ? { method: rule.method } : {}),
        path: rule.path.source,
        status: rule.status,
        remaining: rule.remaining,
      })),
      injected: this.injectedCount,
    };
    if (this.throttle) summary.throttleEvery = this.throttle.every;
    return summary;
  }

  /** The error to answer instead of handling the request, consuming one use of the rule. */
  take(method: string, path: string): SimResponse | undefined {
    const rule = this.rules.find(
      (candidate) => (!candidate.method || candidate.method === method) && candidate.path.test(path),
    );
    if (rule) {
      rule.remaining--;
      if (rule.remaining <= 0) this.remove(rule.id);
      this.injectedCount++;
      const headers: Record<string, string> =
        rule.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(rule.retryAfterSeconds) };
      return errorResponse(rule.status, rule.code, rule.message, headers);
    }
    const throttle = this.throttle;
    if (throttle && (!throttle.path || throttle.path.test(path))) {
      throttle.seen++;
      if (throttle.seen % throttle.every === 0) {
        this.injectedCount++;
        const [code, message] = DEFAULT_CODES[429]!;
        return errorResponse(429, code, message, { 'Retry-After': String(throttle.retryAfterSeconds) });
      }
    }
    return undefined;
  }
}
