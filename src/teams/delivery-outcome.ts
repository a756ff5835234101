import { readConnectorError } from './connector-error';

export type FinalReason = 'blocked' | 'not-installed' | 'user-gone' | 'forbidden' | 'bad-request';

/**
 * What a failed Bot Connector call means for the rollout:
 * - throttled: pause the queue for retryAfterMs (does not count as an attempt);
 * - transient: try again later with backoff (status 0 = no HTTP answer: timeout or network);
 * - final: this user cannot be reached this way; retrying will not help.
 * `code` is Teams' error code (or the network error code), for the audit trail.
 */
export type DeliveryOutcome =
  | { readonly kind: 'throttled'; readonly retryAfterMs: number; readonly code?: string }
  | {
      readonly kind: 'transient';
      readonly status: number;
      readonly code?: string;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'final'; readonly reason: FinalReason; readonly status: number; readonly code?: string };

/** Used when a 429 comes without Retry-After (Teams normally sends one). */
export const DEFAULT_THROTTLE_MS = 2_000;

/** Teams codes (403) for "the bot is not in this user's chat": the app was never installed or was removed. */
const NOT_INSTALLED_CODES = new Set(['BotNotInConversationRoster', 'ForbiddenOperationException']);

function mentions(details: unknown, text: string): boolean {
  if (details === undefined) return false;
  try {
    return JSON.stringify(details).includes(text);
  } catch {
    return false;
  }
}

function classifyForbidden(code: string | undefined, details: unknown): FinalReason {
  // Teams documents subCode MessageWritesBlocked for blocked/uninstalled bots; observed bodies carry the code.
  if (code === 'ConversationBlockedByUser' || mentions(details, 'MessageWritesBlocked')) return 'blocked';
  if (code !== undefined && NOT_INSTALLED_CODES.has(code)) return 'not-installed';
  return 'forbidden';
}

export function classifyTeamsError(error: unknown): DeliveryOutcome {
  const facts = readConnectorError(error);
  const { status, code } = facts;
  if (status === undefined) {
    // No answer: timeout, reset, refused, DNS, or a non-HTTP failure on our side. A retry is
    // the safe choice; marking a user unreachable because of our own bug would be worse.
    return { kind: 'transient', status: 0, code: facts.timedOut ? 'ETIMEDOUT' : code };
  }
  if (status === 429) {
    return { kind: 'throttled', retryAfterMs: facts.retryAfterMs ?? DEFAULT_THROTTLE_MS, code };
  }
  if (status === 403) return { kind: 'final', reason: classifyForbidden(code, facts.details), status, code };
  if (status === 404 || status === 410) return { kind: 'final', reason: 'user-gone', status, code };
  // 401 is our credentials, not the user: failing the whole wave's users for good would be wrong.
  if (status === 401 || status === 408 || status === 412 || status >= 500) {
    return facts.retryAfterMs === undefined
      ? { kind: 'transient', status, code }
      : { kind: 'transient', status, code, retryAfterMs: facts.retryAfterMs };
  }
  return { kind: 'final', reason: 'bad-request', status, code };
}
