import {
  Channels,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';

export interface PersonalConversationRequest {
  /** The bot's Microsoft App Id (empty locally). */
  readonly botId: string;
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly userAadObjectId: string;
  readonly botName?: string;
}

export class ConversationNotCreatedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversationNotCreatedError';
  }
}

/**
 * Opens (or finds: Teams returns the same id every time) the 1:1 chat between the bot and a
 * user, by AAD object id. Teams answers 403 if the app is not installed for the user, so a user
 * who never opened the bot needs a Graph install first. Errors are the connector's, for
 * classifyTeamsError.
 */
export async function createPersonalConversation(
  adapter: CloudAdapter,
  request: PersonalConversationRequest,
): Promise<Partial<ConversationReference>> {
  const { botId, serviceUrl, tenantId, userAadObjectId } = request;
  const bot = { id: botId, name: request.botName ?? '' };
  const parameters: ConversationParameters = {
    isGroup: false,
    bot,
    members: [{ id: userAadObjectId, name: '' }],
    tenantId,
    channelData: { tenant: { id: tenantId } },
  };
  let conversationId: string | undefined;
  // The audience must be undefined (not ''): botbuilder then uses the channel's default token scope.
  const audience = undefined as unknown as string;
  await adapter.createConversationAsync(
    botId,
    Channels.Msteams,
    serviceUrl,
    audience,
    parameters,
    async (context) => {
      conversationId = context.activity.conversation?.id;
    },
  );
  if (!conversationId)
    throw new ConversationNotCreatedError('createConversation returned no conversation id');
  return {
    channelId: Channels.Msteams,
    serviceUrl,
    conversation: { id: conversationId, conversationType: 'personal', isGroup: false, tenantId, name: '' },
    bot,
    user: { id: userAadObjectId, aadObjectId: userAadObjectId, name: '' },
  };
}
