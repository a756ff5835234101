import type { ConversationReference } from 'botbuilder';
import { GraphRequestError } from '../graph/errors';
import { installForUser, TeamsAppBlockedError } from '../graph/teams-app-install';
import {
  ClassifiedDeliveryError,
  classifyTeamsError,
  type DeliveryOutcome,
  staleChatIsFinal,
} from '../teams/delivery-outcome';
import type { RolloutDeps } from './deps';

/** Whose 1:1 chat, for which wave (a stale chat is replaced at most once per user per wave). */
export interface UserChat {
  readonly waveId: string;
  readonly userId: string;
}

/** What a write returned, and where it landed: the stored chat, or a new one. */
export interface ChatWrite<T> {
  readonly result: T;
  readonly reference: Partial<ConversationReference>;
  /** True when the write went to a chat opened just now: messages sent earlier are not in it. */
  readonly newChat: boolean;
}

export type ChatWriter<T> = (reference: Partial<ConversationReference>, newChat: boolean) => Promise<T>;

/**
 * Every write to a user's 1:1 chat goes through here. It uses the stored chat, or opens one. A stored
 * chat goes stale while its user is fine (the app removed and added again, the app re-published,
 * chats reset, a local emulator restarted): when Teams answers 404/410 or "not in roster" for it,
 * the reference is forgotten, the app installed again, a new chat opened and the write made there,
 * once per user per wave and audited. Only when that fails too is the user unreachable, for the
 * reason the new attempt gave. The happy path costs no Redis call beyond reading the reference
 * (none when the caller already has it).
 */
export async function writeToUserChat<T>(
  deps: RolloutDeps,
  chat: UserChat,
  write: ChatWriter<T>,
  /** The user's stored chat when the caller already read it (undefined: read it here). */
  stored?: Partial<ConversationReference> | null,
): Promise<ChatWrite<T>> {
  const known = stored === undefined ? await deps.refs.forUser(chat.userId) : stored;
  const staleId = known?.conversation?.id;
  if (!known || !staleId) return writeToNewChat(deps, chat.userId, write);
  try {
    return { result: await write(known, false), reference: known, newChat: false };
  } catch (error) {
    const outcome = classifyTeamsError(error, 'stored-chat');
    if (outcome.kind !== 'stale-chat') throw error;
    return replaceStaleChat(deps, chat, write, { id: staleId, outcome, error });
  }
}

async function replaceStaleChat<T>(
  deps: RolloutDeps,
  chat: UserChat,
  write: ChatWriter<T>,
  stale: { id: string; outcome: Extract<DeliveryOutcome, { kind: 'stale-chat' }>; error: unknown },
): Promise<ChatWrite<T>> {
  const at = deps.now().toISOString();
  const why = `stored chat answered ${stale.outcome.status} ${stale.outcome.code ?? ''}`.trim();
  const audit = (action: string, detail: string) =>
    deps.audit.append({ at, actor: 'bot', action, waveId: chat.waveId, userId: chat.userId, detail });
  const claimed = await deps.chatRecoveries.begin({ ...chat, staleConversationId: stale.id, at });
  if (!claimed) {
    await audit('chat-recovery-refused', `${why}; its chat was already replaced once in this wave`);
    throw new ClassifiedDeliveryError(staleChatIsFinal(stale.outcome), stale.error);
  }
  try {
    const written = await writeToNewChat(deps, chat.userId, write);
    await audit('chat-recovered', `${why}; wrote to a new chat ${written.reference.conversation?.id ?? ''}`);
    return written;
  } catch (error) {
    await audit(
      'chat-recovery-failed',
      `${why}; the new chat: ${describeOutcome(classifyDeliveryError(error))}`,
    );
    throw error;
  }
}

async function writeToNewChat<T>(
  deps: RolloutDeps,
  userId: string,
  write: ChatWriter<T>,
): Promise<ChatWrite<T>> {
  const reference = await openChat(deps, userId);
  try {
    return { result: await write(reference, true), reference, newChat: true };
  } catch (error) {
    throw new ClassifiedDeliveryError(classifyTeamsError(error, 'new-chat'), error);
  }
}

/**
 * Installs the app for the user through Graph when TEAMS_APP_ID is set (a user who never opened the
 * bot, or removed it, cannot be messaged otherwise; 409 means it is there), then opens the 1:1 chat
 * (Teams returns the existing one if there is one) and stores it.
 */
async function openChat(deps: RolloutDeps, userId: string): Promise<Partial<ConversationReference>> {
  if (deps.config.TEAMS_APP_ID) await installForUser(deps.graph, userId, deps.config.TEAMS_APP_ID);
  let reference: Partial<ConversationReference>;
  try {
    reference = await deps.outbox.createPersonalConversation({
      serviceUrl: deps.config.TEAMS_SERVICE_URL,
      tenantId: deps.config.TENANT_ID,
      userAadObjectId: userId,
    });
  } catch (error) {
    throw new ClassifiedDeliveryError(classifyTeamsError(error, 'create-chat'), error);
  }
  await deps.refs.saveForUser(userId, reference);
  return reference;
}

/**
 * What a failure while reaching a user means. Graph failures come from the install: a user Graph
 * does not know left the organisation; a refused install is an app permission policy.
 */
export function classifyDeliveryError(error: unknown): DeliveryOutcome {
  if (error instanceof TeamsAppBlockedError) {
    return { kind: 'final', reason: 'app-blocked', status: error.status, code: error.code };
  }
  if (error instanceof GraphRequestError) {
    if (error.status === 404) return { kind: 'final', reason: 'user-gone', status: 404, code: error.code };
    if (error.status === 429) return { kind: 'throttled', retryAfterMs: error.retryAfterMs ?? 5000 };
    if (error.status === 403) return { kind: 'final', reason: 'forbidden', status: 403, code: error.code };
    return { kind: 'transient', status: error.status, code: error.code };
  }
  return classifyTeamsError(error);
}

/** One line for the audit trail: no message text (it could quote a request). */
function describeOutcome(outcome: DeliveryOutcome): string {
  switch (outcome.kind) {
    case 'final':
      return `final ${outcome.reason} (${outcome.status} ${outcome.code ?? ''})`.replace(' )', ')');
    case 'throttled':
      return `throttled for ${outcome.retryAfterMs} ms`;
    case 'transient':
    case 'stale-chat':
      return `${outcome.kind} ${outcome.status} ${outcome.code ?? ''}`.trim();
  }
}
