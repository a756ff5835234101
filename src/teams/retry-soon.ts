import { classifyTeamsError } from './delivery-outcome';

/** Attempts in all, the first included. */
export const SOON_ATTEMPTS = 4;
const SOON_MAX_WAIT_MS = 5_000;
/** Answers that say "nothing was posted": safe to send again. A timeout is not one of them. */
const NOTHING_POSTED = [412, 502, 503, 504];

/**
 * For a request made while somebody waits (a click, a chat turn), not from a queue: Teams'
 * per-chat limits are met by waiting as Teams asks, a few times, then giving up. Only answers that
 * say nothing was posted are retried, never a timeout.
 */
export async function retrySoon<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const outcome = classifyTeamsError(error);
      let wait: number | undefined;
      if (outcome.kind === 'throttled') wait = outcome.retryAfterMs;
      else if (outcome.kind === 'transient' && NOTHING_POSTED.includes(outcome.status)) {
        wait = outcome.retryAfterMs ?? 250 * 2 ** attempt;
      }
      if (wait === undefined || attempt >= SOON_ATTEMPTS || wait > SOON_MAX_WAIT_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait + Math.floor(Math.random() * 100)));
    }
  }
}
