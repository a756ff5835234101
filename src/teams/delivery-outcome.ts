import { readConnectorError } from './connector-error';

/**
 * Why a user cannot be reached, for good:
 * - blocked: the user blocked the bot;
 * - app-blocked: an app permission policy keeps the app from being installed for the user;
 * - not-installed: the bot is not in the user's chat and a new chat did not change that;
 * - user-gone: the user left the organisation (the directory or Teams no longer knows them);
 * - forbidden: Teams or Graph refused for another reason (e.g. the bot is disabled by the admin);
 * - bad-request: Teams refused the message itself.
 */
export type FinalReason =
  | 'blocked'
  | 'app-blocked'
  | 'not-installed'
  | 'user-gone'
  | 'forbidden'
  | 'bad-request';

/**
 * What a failed Bot Connector call means for the rollout:
 * - throttled: pause the queue for retryAfterMs (does not count as an attempt);
 * - transient: try again later with backoff (status 0 = no HTTP answer: timeout or network);
 * - stale-chat: the stored chat no longer takes the bot's messages (gone, or the bot left its
 *   roster); the user may well be fine, and a new chat is the way to find out;
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
  | { readonly kind: 'stale-chat'; readonly status: number; readonly code?: string }
  | { readonly kind: 'final'; readonly reason: FinalReason; readonly status: number; readonly code?: string };

/**
 * Which request failed, because a 404 or "not in roster" means something else for each:
 * - stored-chat: a write to a conversation stored earlier, which goes stale while the user is fine
 *   (app removed and added again, app re-published, chats reset, a local emulator restarted);
 * - new-chat: a write to a conversation createConversation has just returned;
 * - create-chat: createConversation itself, which names the user.
 */
export type ChatRequest = 'stored-chat' | 'new-chat' | 'create-chat';

/** An error whose meaning was settled where it happened (e.g. a write to a brand-new chat). */
export class ClassifiedDeliveryError extends Error {
  constructor(
    readonly outcome: DeliveryOutcome,
    cause: unknown,
  ) {
    super(
      `${outcome.kind}${outcome.kind === 'final' ? ` ${outcome.reason}` : ''}: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
    this.name = 'ClassifiedDeliveryError';
  }
}

/** Used when a 429 comes without Retry-After (Teams normally sends one). */
export const DEFAULT_THROTTLE_MS = 2_000;

/** Teams codes (403) for "the bot is not in this user's chat": the app was never installed or was removed. */
const NOT_IN_ROSTER_CODES = new Set(['BotNotInConversationRoster', 'ForbiddenOperationException']);

function mentions(details: unknown, text: string): boolean {
  if (details === undefined) return false;
  try {
    return JSON.stringify(details).includes(text);
  } catch {
    return false;
  }
}

function forbidden(
  status: number,
  code: string | undefined,
  details: unknown,
  request: ChatRequest,
): DeliveryOutcome {
  // Teams documents subCode MessageWritesBlocked for blocked/uninstalled bots; observed bodies carry the code.
  if (code === 'ConversationBlockedByUser' || mentions(details, 'MessageWritesBlocked')) {
    return { kind: 'final', reason: 'blocked', status, code };
  }
  if (code !== undefined && NOT_IN_ROSTER_CODES.has(code)) {
    return request === 'stored-chat'
      ? { kind: 'stale-chat', status, code }
      : { kind: 'final', reason: 'not-installed', status, code };
  }
  return { kind: 'final', reason: 'forbidden', status, code };
}

function notFound(status: number, code: string | undefined, request: ChatRequest): DeliveryOutcome {
  switch (request) {
    case 'stored-chat':
      return { kind: 'stale-chat', status, code };
    // Teams is known to answer ConversationNotFound now and then for a chat it has just made.
    case 'new-chat':
      return { kind: 'transient', status, code };
    // createConversation names the user: Teams does not know them (any more).
    case 'create-chat':
      return { kind: 'final', reason: 'user-gone', status, code };
  }
}

export function classifyTeamsError(error: unknown, request: ChatRequest = 'stored-chat'): DeliveryOutcome {
  if (error instanceof ClassifiedDeliveryError) return error.outcome;
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
  if (status === 403) return forbidden(status, code, facts.details, request);
  if (status === 404 || status === 410) return notFound(status, code, request);
  // 401 is our credentials, not the user: failing the whole wave's users for good would be wrong.
  if (status === 401 || status === 408 || status === 412 || status >= 500) {
    return facts.retryAfterMs === undefined
      ? { kind: 'transient', status, code }
      : { kind: 'transient', status, code, retryAfterMs: facts.retryAfterMs };
  }
  return { kind: 'final', reason: 'bad-request', status, code };
}

/**
 * A stale chat that cannot be replaced (no recovery left in this wave): the bot's chat with the
 * user is gone or the bot is not in it, and a new chat did not hold either.
 */
export function staleChatIsFinal(
  outcome: Extract<DeliveryOutcome, { kind: 'stale-chat' }>,
): Extract<DeliveryOutcome, { kind: 'final' }> {
  return { kind: 'final', reason: 'not-installed', status: outcome.status, code: outcome.code };
}
