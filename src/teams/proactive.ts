import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';

export class InvalidConversationReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidConversationReferenceError';
  }
}

/** The proactive turn ended without running our logic (a middleware stopped it or failed). */
export class ProactiveTurnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProactiveTurnError';
  }
}

/**
 * A stored reference made usable for continueConversationAsync: it must name the service and
 * conversation; channel and bot default to Teams and this bot. activityId is dropped: a proactive
 * message is a new message, not a reply to whatever the reference was captured from.
 */
export function continuationReference(
  reference: Partial<ConversationReference>,
  botId: string,
): Partial<ConversationReference> {
  if (!reference.serviceUrl)
    throw new InvalidConversationReferenceError('conversation reference has no serviceUrl');
  if (!reference.conversation?.id) {
    throw new InvalidConversationReferenceError('conversation reference has no conversation id');
  }
  const { activityId: _dropped, ...rest } = reference;
  return {
    ...rest,
    channelId: reference.channelId ?? 'msteams',
    bot: reference.bot ?? { id: botId, name: '' },
  };
}

/**
 * Runs work in a proactive turn and hands back its result or its error.
 *
 * Without this, an error thrown inside the turn (a 429 on send) goes to the adapter's onTurnError,
 * which logs it and tries to apologise to the user with yet another send, and the caller sees
 * success. The queue must see the error itself to classify it.
 */
export async function runInConversation<T>(
  adapter: CloudAdapter,
  botId: string,
  reference: Partial<ConversationReference>,
  work: (context: TurnContext) => Promise<T>,
): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  await adapter.continueConversationAsync(botId, continuationReference(reference, botId), async (context) => {
    try {
      outcome = { ok: true, value: await work(context) };
    } catch (error) {
      outcome = { ok: false, error };
    }
  });
  if (!outcome) throw new ProactiveTurnError('the proactive turn did not run');
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
