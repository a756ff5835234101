/**
 * Shapes shared by the Graph simulator's parts: a request, its answer, a route and what a route's
 * handler may use. They live apart from the code that uses them so no two files import each other.
 */
import type { GraphLimits } from './limits';
import type { TenantState } from './state';

/** One Graph request as the simulator sees it, whether it came over HTTP or inside a `$batch`. */
export interface SimRequest {
  /** Upper case. */
  method: string;
  /** `v1.0` or `beta`. */
  version: string;
  /** Raw (still percent-encoded) path after the version, starting with `/`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
  /** True for a request that arrived as an item of a `$batch`. */
  batchItem: boolean;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What resource handlers may use besides the request: the tenant, the limits, and the pipeline. */
export interface SimServices {
  readonly state: TenantState;
  /** `http://127.0.0.1:port`, for absolute `@odata.nextLink`s. */
  readonly baseUrl: string;
  /** Graph's throttles (the reports API's 5 requests / 10 s). */
  readonly limits: GraphLimits;
  /** Faults, routing and logging for one request: how `$batch` runs each of its items. */
  execute(request: SimRequest): SimResponse;
  /** Tells the Teams connector stand-in that a user now has the app. */
  notifyInstall(userId: string, teamsAppId: string): void;
}

export type RouteHandler = (request: SimRequest, params: string[], services: SimServices) => SimResponse;

export interface Route {
  method: string;
  /** Anchored regex over the path after the version; capture groups become params (decoded). */
  pattern: RegExp;
  /** Versions that know the route; both when omitted. */
  versions?: readonly string[];
  handler: RouteHandler;
}
