/**
 * How a job that writes to a user ended, in the use case's words; src/queue turns it into the
 * queue's (a delay, a rate limit, no retry, a retry with backoff).
 */
export type DeliveryResult =
  | { readonly kind: 'done'; readonly outcome: string }
  /** Another job is talking to this user's chat (one request in flight per chat): try again soon, no attempt spent. */
  | { readonly kind: 'busy' }
  /** Teams answered 429: every send waits this long; no attempt spent. */
  | { readonly kind: 'throttled'; readonly retryAfterMs: number }
  /** Not to be tried again: the user cannot be reached, or the job has nothing left to act on. */
  | { readonly kind: 'final'; readonly reason: string }
  /** Try again later, with the job's backoff. */
  | { readonly kind: 'retry'; readonly error: Error };

/** Which try of the job this is, as far as a use case needs to know. */
export interface JobAttempt {
  /** Names the holder of the user's conversation lease: unique per job and try. */
  readonly owner: string;
  /** The job's last try: a failure now is final (the user must not stay pending forever). */
  readonly last: boolean;
}

export const done = (outcome: string): DeliveryResult => ({ kind: 'done', outcome });
