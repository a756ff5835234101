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

  /**
   * Forgets every stored 1:1 chat at this service URL (a Bot Connector that is gone for good, like a
   * local Playground that was closed): the next message opens a new chat through TEAMS_SERVICE_URL.
   * Scans every stored chat; meant for the local world, not for a tenant's worth of users.
   */
  async forgetChatsAt(serviceUrl: string): Promise<number> {
    const wanted = serviceUrl.replace(/\/+$/, '');
    let forgotten = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        this.keys.conversationRef('*'),
        'COUNT',
        500,
      );
      cursor = next;
      for (const key of keys) {
        const raw = await this.redis.get(key);
        const reference = raw ? (JSON.parse(raw) as Partial<ConversationReference>) : undefined;
        if (reference?.serviceUrl?.replace(/\/+$/, '') === wanted) forgotten += await this.redis.del(key);
      }
    } while (cursor !== '0');
    return forgotten;
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
