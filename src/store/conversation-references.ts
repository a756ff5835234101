import type { ConversationReference } from 'botframework-schema';
import type { Redis } from 'ioredis';
import type { RolloutKeys } from './keys';

/**
 * Where to reach a user: their 1:1 chat with the bot.
 * Stored from every inbound activity, from the install event and from createConversation.
 */
export class ConversationReferenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  async saveForUser(userId: string, reference: Partial<ConversationReference>): Promise<void> {
    await this.redis.set(this.keys.conversationRef(userId), JSON.stringify(slim(reference)));
  }

  async forUser(userId: string): Promise<Partial<ConversationReference> | undefined> {
    const raw = await this.redis.get(this.keys.conversationRef(userId));
    return raw ? (JSON.parse(raw) as Partial<ConversationReference>) : undefined;
  }

  /** The conversation an admin last gave a command in (a 1:1 chat or a channel), and who it was. */
  async saveLastAdminChat(chat: AdminChat): Promise<void> {
    await this.redis.set(
      this.keys.lastAdminChat,
      JSON.stringify({ ...chat, reference: slim(chat.reference) } satisfies AdminChat),
    );
  }

  async lastAdminChat(): Promise<AdminChat | undefined> {
    const raw = await this.redis.get(this.keys.lastAdminChat);
    return raw ? (JSON.parse(raw) as AdminChat) : undefined;
  }
}

export interface AdminChat {
  reference: Partial<ConversationReference>;
  admin: { id: string; name: string };
  at: string;
}

/** Keep what continueConversationAsync needs, drop the activity id of whatever message we saw. */
function slim(reference: Partial<ConversationReference>): Partial<ConversationReference> {
  return {
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
    conversation: reference.conversation,
    bot: reference.bot,
    user: reference.user
      ? { id: reference.user.id, name: reference.user.name, aadObjectId: reference.user.aadObjectId }
      : undefined,
    locale: reference.locale,
  };
}
