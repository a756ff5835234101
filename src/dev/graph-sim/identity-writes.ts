import { tooManyRequests } from './graph-errors';
import type { SimServices } from './types';

/**
 * Every identity write (phone methods, group members, per-user MFA) passes here first: Graph counts
 * it against 3,000 writes per 150 s per app per tenant and answers 429 + Retry-After beyond that.
 * A `$batch` item arrives here on its own, so each item is throttled by itself.
 */
export function admitIdentityWrite(services: SimServices): void {
  const admission = services.limits.identityWrites.admit();
  if (!admission.ok) throw tooManyRequests(admission.retryAfterSeconds);
}
