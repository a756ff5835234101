import { createHash } from 'node:crypto';

/**
 * Ids shaped like Teams' so code that parses or stores them meets the real thing's awkward parts:
 * personal conversation ids start `a:1` and contain a colon (not allowed in BullMQ job ids),
 * user ids start `29:1`. Both are derived from the user, so the same user always gets the same
 * conversation, as in Teams, and restarts of the simulator do not change them.
 */
function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 40);
}

/**
 * `chat` counts the user's earlier chats with the bot that Teams forgot (reset chats, a removed
 * app): the first chat is 0, and each forgotten one makes the next chat a new conversation.
 */
export function personalConversationId(tenantId: string, botId: string, userKey: string, chat = 0): string {
  const parts = chat === 0 ? [tenantId, botId, userKey] : [tenantId, botId, userKey, String(chat)];
  return `a:1${digest('conversation', ...parts)}`;
}

export function teamsUserId(tenantId: string, userKey: string): string {
  return `29:1${digest('user', tenantId, userKey)}`;
}

/** Accepts a member id in the forms Teams takes: an AAD object id, `8:orgid:<aad>`, or a `29:` id. */
export function userKeyOf(member: { id?: unknown; aadObjectId?: unknown }): string | undefined {
  if (typeof member.aadObjectId === 'string' && member.aadObjectId) return member.aadObjectId;
  if (typeof member.id !== 'string' || !member.id) return undefined;
  return member.id.startsWith('8:orgid:') ? member.id.slice('8:orgid:'.length) : member.id;
}

/** Teams' message ids in personal chats are epoch-millisecond strings; these only need to be unique. */
export function createActivityIdGenerator(start = Date.now()): () => string {
  let next = start;
  return () => {
    next += 1;
    return String(next);
  };
}
