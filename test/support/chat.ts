import assert from 'node:assert/strict';
import type { TranscriptActivity } from '../../src/dev/connector-sim/types';
import {
  cardActions,
  cardClick,
  cardText,
  eventually,
  personalMessage,
  type Stack,
  type TeamsUser,
} from './stack';

/**
 * A user's 1:1 chat as the connector simulator holds it, read the way a test reads Teams: the chat
 * the bot opened and the one the user wrote from (one chat, once they are the same), in order.
 */
export function chatOf(stack: Stack, who: string | TeamsUser): TranscriptActivity[] {
  const userId = typeof who === 'string' ? who : who.aadObjectId;
  const seen = new Map<string, TranscriptActivity>();
  for (const activity of [
    ...stack.connector.transcript.activitiesFor(userId),
    ...stack.connector.transcript.activitiesIn(`a:chat-${userId}`),
  ]) {
    seen.set(activity.activityId, activity);
  }
  return [...seen.values()].sort((a, b) => a.timestamp - b.timestamp);
}

/** What an activity says: its text and every text of its cards. */
export function said(activity: TranscriptActivity): string {
  return [activity.text ?? '', cardText(activity.attachments)].join('\n');
}

/** The user writes in their chat; returns how long the chat was before, for nextSaid. */
export async function say(stack: Stack, user: TeamsUser, text: string): Promise<number> {
  const before = chatOf(stack, user).length;
  const response = await stack.post(personalMessage(stack, user, text));
  assert.equal(response.status, 200);
  return before;
}

/** Waits for a message after position `since` in the user's chat that matches. */
export async function nextSaid(
  stack: Stack,
  user: TeamsUser,
  since: number,
  pattern: RegExp,
  timeoutMs = 15_000,
): Promise<TranscriptActivity> {
  return eventually(
    () =>
      chatOf(stack, user)
        .slice(since)
        .find((activity) => pattern.test(said(activity))),
    timeoutMs,
    `a message matching ${pattern} for ${user.name}`,
  );
}

/** The newest card in the user's chat that can be acted on with `verb`, and that action. */
export function newestCardWith(stack: Stack, user: TeamsUser, verb: string) {
  const card = chatOf(stack, user)
    .filter((activity) => cardActions(activity.attachments).some((action) => action.verb === verb))
    .at(-1);
  assert.ok(card, `${user.name} has a card with ${verb}`);
  const action = cardActions(card.attachments).find((a) => a.verb === verb)!;
  return { card, action };
}

/** An Action.Execute click in the user's 1:1 chat; returns the invoke response. */
export async function click(stack: Stack, user: TeamsUser, verb: string, data: Record<string, unknown>) {
  const response = await stack.post(cardClick(stack, user, verb, data));
  assert.equal(response.status, 200);
  return response.body as { statusCode: number; type: string; value: unknown };
}
