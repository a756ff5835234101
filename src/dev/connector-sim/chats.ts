import type { Target } from './exchange';
import { isRecord } from './http-io';
import { personalConversationId, teamsUserId, userKeyOf } from './ids';
import type { Transcript } from './transcript';

function tenantOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.tenantId === 'string' && body.tenantId) return body.tenantId;
  const conversation = body.conversation;
  if (isRecord(conversation) && typeof conversation.tenantId === 'string' && conversation.tenantId) {
    return conversation.tenantId;
  }
  const channelData = body.channelData;
  if (isRecord(channelData) && isRecord(channelData.tenant) && typeof channelData.tenant.id === 'string') {
    return channelData.tenant.id;
  }
  return undefined;
}

/**
 * The 1:1 chats Teams knows between the bot and its users, and who a request is about: which chat
 * a createConversation opens (the one the user opened, else a new one after Teams forgot theirs)
 * and whose chat a conversation id is.
 */
export class ChatDirectory {
  private readonly userByTeamsId = new Map<string, string>();
  /** Per user, how many of their chats with the bot Teams forgot: the next create opens a new one. */
  private readonly forgottenChats = new Map<string, number>();
  /** 1:1 chats users opened from their side: Teams has one chat per user and bot, and returns it. */
  private readonly openedChats = new Map<string, string>();

  constructor(
    private readonly transcript: Transcript,
    private readonly now: () => number,
  ) {}

  /** Forget the id map (after reset); ids stay stable anyway since they are derived. */
  reset(): void {
    this.userByTeamsId.clear();
    this.forgottenChats.clear();
    this.openedChats.clear();
  }

  /** A chat the user opened from their side (they wrote to the bot): Teams knows it. */
  add(conversation: { id: string; aadObjectId?: string; tenantId?: string }): void {
    const { id, aadObjectId, tenantId } = conversation;
    const userId = aadObjectId && tenantId ? teamsUserId(tenantId, aadObjectId) : undefined;
    if (userId && aadObjectId) this.userByTeamsId.set(userId, aadObjectId);
    if (aadObjectId) this.openedChats.set(aadObjectId, id);
    this.transcript.addConversation({ id, aadObjectId, userId, tenantId, createdAt: this.now() });
  }

  /**
   * Teams forgets a chat (chats reset, the app removed and added again, an emulator restarted):
   * writes to it answer 404 ConversationNotFound, and the user's next createConversation opens a
   * new chat with a new id. False when the simulator did not know the chat.
   */
  forget(conversationId: string): boolean {
    const forgotten = this.transcript.forgetConversation(conversationId);
    if (!forgotten) return false;
    const user = forgotten.aadObjectId;
    if (user !== undefined && this.openedChats.get(user) === conversationId) this.openedChats.delete(user);
    if (user !== undefined) this.forgottenChats.set(user, (this.forgottenChats.get(user) ?? 0) + 1);
    return true;
  }

  /** The Teams user id the simulator gave a user, so a later createConversation naming it finds them. */
  noteUser(userId: string, aadObjectId: string): void {
    this.userByTeamsId.set(userId, aadObjectId);
  }

  /** The chat a createConversation body asks for; undefined when it is not a 1:1 chat with a tenant. */
  createTarget(body: unknown): Target | undefined {
    if (
      !isRecord(body) ||
      body.isGroup === true ||
      !Array.isArray(body.members) ||
      body.members.length !== 1
    ) {
      return undefined;
    }
    const member = body.members[0];
    const tenantId = tenantOf(body);
    const userKey = isRecord(member) ? userKeyOf(member) : undefined;
    if (!userKey || !tenantId) return undefined;
    const aadObjectId = this.userByTeamsId.get(userKey) ?? userKey;
    const botId = isRecord(body.bot) && typeof body.bot.id === 'string' ? body.bot.id : '';
    return {
      conversationId:
        this.openedChats.get(aadObjectId) ??
        personalConversationId(tenantId, botId, aadObjectId, this.forgottenChats.get(aadObjectId)),
      aadObjectId,
      tenantKey: tenantId,
    };
  }

  /**
   * A channel thread (`<channel>;messageid=<root>`) is a part of its channel: its messages, the root
   * included, live in the channel's conversation, so an update of the root through the thread finds it.
   */
  conversationTarget(conversationId: string, body: unknown): Target {
    const [channelOrChat = conversationId] = conversationId.split(';messageid=');
    const conversation = this.transcript.conversation(channelOrChat);
    return {
      conversationId: channelOrChat,
      aadObjectId: conversation?.aadObjectId,
      tenantKey: conversation?.tenantId ?? tenantOf(body) ?? 'default',
    };
  }
}
