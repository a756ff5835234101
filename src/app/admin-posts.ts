import type { ConversationReference } from 'botbuilder';
import type { Config } from '../config';
import type { Wave } from '../rollout/wave';
import type { RolloutDeps } from './deps';

/** Where a wave's admin posts (announcement, digest, helpdesk approvals) go, and why there. */
export type AdminPlace =
  /** The conversation the wave was started from, or the place chosen when it was started. */
  | { kind: 'wave-chat'; reference: Partial<ConversationReference> }
  /** ADMIN_CHANNEL_ID. */
  | { kind: 'admin-channel'; reference: Partial<ConversationReference> }
  /** The conversation an admin last gave the bot a command in. */
  | {
      kind: 'last-admin-chat';
      reference: Partial<ConversationReference>;
      admin: { id: string; name: string };
    };

/**
 * `wave`: the announcement and the digest belong with whoever started the wave, so the chat it was
 * started from comes first. `approval`: a helpdesk card must reach somebody other than the user who
 * asked (often the admin who started the wave), so the admin channel comes first.
 */
export type AdminPostPurpose = 'wave' | 'approval';

export interface AdminPlaceRequest {
  purpose: AdminPostPurpose;
  wave?: Pick<Wave, 'adminConversation'>;
  /** A chat command's own conversation: a wave started there is announced there. */
  askedFrom?: Partial<ConversationReference>;
}

/** The one answer to "where do this wave's admin posts go": used by the chat command, the CLI and the helpdesk. */
export async function whereAdminPostsGo(
  deps: Pick<RolloutDeps, 'config' | 'refs'>,
  request: AdminPlaceRequest,
): Promise<AdminPlace | undefined> {
  const asked =
    request.askedFrom ?? (request.wave?.adminConversation as Partial<ConversationReference> | undefined);
  // A wave started from the admin channel (or from the CLI, which stores the channel) posts there.
  const waveChat: AdminPlace | undefined = asked?.conversation?.id
    ? { kind: isAdminChannel(deps.config, asked) ? 'admin-channel' : 'wave-chat', reference: asked }
    : undefined;
  const channel: AdminPlace | undefined = deps.config.ADMIN_CHANNEL_ID
    ? { kind: 'admin-channel', reference: adminChannelReference(deps.config) }
    : undefined;
  const first = request.purpose === 'wave' ? (waveChat ?? channel) : (channel ?? waveChat);
  if (first) return first;
  const last = await deps.refs.lastAdminChat();
  return last?.reference.conversation?.id
    ? { kind: 'last-admin-chat', reference: last.reference, admin: last.admin }
    : undefined;
}

/** The conversation is the admin channel, or a thread of it (`<channel id>;messageid=…`). */
function isAdminChannel(
  config: Pick<Config, 'ADMIN_CHANNEL_ID'>,
  reference: Partial<ConversationReference>,
): boolean {
  const id = reference.conversation?.id?.split(';')[0];
  return !!config.ADMIN_CHANNEL_ID && id === config.ADMIN_CHANNEL_ID;
}

/** A post to a channel's conversation id starts a new thread there (the Bot Connector's own rule). */
export function adminChannelReference(
  config: Pick<Config, 'ADMIN_CHANNEL_ID' | 'TEAMS_SERVICE_URL' | 'TENANT_ID'>,
): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: config.TEAMS_SERVICE_URL,
    conversation: {
      id: config.ADMIN_CHANNEL_ID,
      isGroup: true,
      conversationType: 'channel',
      tenantId: config.TENANT_ID,
      name: '',
    },
  };
}

/** What a stored conversation is, in words, when the reference tells: "Adele Vance's chat with the bot". */
function conversationInWords(reference: Partial<ConversationReference>): string | undefined {
  const { conversation, user } = reference;
  switch (conversation?.conversationType) {
    case 'personal':
      return user?.name ? `${user.name}'s chat with the bot` : 'a chat with the bot';
    case 'channel':
      return conversation.name ? `the channel ${conversation.name}` : 'a channel';
    case 'groupChat':
      return conversation.name ? `the group chat ${conversation.name}` : 'a group chat';
    default:
      return undefined;
  }
}

/** For people reading a command's output: where that is, in a few words (its id in brackets). */
export function describeAdminPlace(
  place: AdminPlace | undefined,
  config: Pick<Config, 'ADMIN_CHANNEL_NAME'> = { ADMIN_CHANNEL_NAME: '' },
): string {
  if (!place)
    return 'nowhere in Teams (set ADMIN_CHANNEL_ID, or give the bot an admin command in Teams once)';
  const id = place.reference.conversation?.id;
  switch (place.kind) {
    case 'wave-chat': {
      const words = conversationInWords(place.reference);
      return words
        ? `${words}, where the wave was started (${id})`
        : `the conversation chosen when the wave started (${id})`;
    }
    case 'admin-channel':
      return config.ADMIN_CHANNEL_NAME
        ? `the admin channel ${config.ADMIN_CHANNEL_NAME} (${id})`
        : `the admin channel ${id} (ADMIN_CHANNEL_ID)`;
    case 'last-admin-chat': {
      const { admin, reference } = place;
      if (reference.conversation?.conversationType === 'personal')
        return `${admin.name}'s chat with the bot, where they last gave it a command (${id})`;
      const words = conversationInWords(reference) ?? 'the conversation';
      return `${words}, where ${admin.name} last gave the bot a command (${id})`;
    }
  }
}
