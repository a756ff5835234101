import type { SlidingWindowLimiter } from './rate-limiter';
import type { SimRequest, SimResponse } from './router';
import type { TenantState } from './state';

/** What resource handlers may use besides the request: the tenant, the limits, and the pipeline. */
export interface SimServices {
  readonly state: TenantState;
  /** `http://127.0.0.1:port`, for absolute `@odata.nextLink`s. */
  readonly baseUrl: string;
  /** The reports API's 5 requests / 10 s. */
  readonly registrationLimiter: SlidingWindowLimiter;
  /** Faults, routing and logging for one request: how `$batch` runs each of its items. */
  execute(request: SimRequest): SimResponse;
  /** Tells the Teams connector stand-in that a user now has the app. */
  notifyInstall(userId: string, teamsAppId: string): void;
}
