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
  const waveChat: AdminPlace | undefined = asked?.conversation?.id
    ? { kind: 'wave-chat', reference: asked }
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

/** For people reading a command's output: where that is, in a few words. */
export function describeAdminPlace(place: AdminPlace | undefined): string {
  if (!place)
    return 'nowhere in Teams (set ADMIN_CHANNEL_ID, or give the bot an admin command in Teams once)';
  switch (place.kind) {
    case 'wave-chat':
      return `the conversation chosen when the wave started (${place.reference.conversation?.id})`;
    case 'admin-channel':
      return `the admin channel ${place.reference.conversation?.id} (ADMIN_CHANNEL_ID)`;
    case 'last-admin-chat':
      return `the conversation where ${place.admin.name} last gave the bot a command (${place.reference.conversation?.id})`;
  }
}
