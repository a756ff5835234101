import {
  type Activity,
  Channels,
  type ConversationParameters,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  type BotFrameworkAuthentication,
  ClaimsIdentity,
  type ConnectorFactory,
} from 'botframework-connector';

export class InvalidConversationReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidConversationReferenceError';
  }
}

export class ConversationNotCreatedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConversationNotCreatedError';
  }
}

export interface PersonalConversationRequest {
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly userAadObjectId: string;
  readonly botName?: string;
}

/**
 * A stored reference made usable for a proactive message: it must name the service and
 * conversation; channel and bot default to Teams and this bot. activityId is dropped: a proactive
 * message is a new message, not a reply to whatever the reference was captured from.
 */
function continuationReference(
  reference: Partial<ConversationReference>,
  botId: string,
): Partial<ConversationReference> & { serviceUrl: string; conversation: { id: string } } {
  if (!reference.serviceUrl)
    throw new InvalidConversationReferenceError('conversation reference has no serviceUrl');
  if (!reference.conversation?.id) {
    throw new InvalidConversationReferenceError('conversation reference has no conversation id');
  }
  const { activityId: _dropped, ...rest } = reference;
  return {
    ...rest,
    serviceUrl: reference.serviceUrl,
    conversation: reference.conversation,
    channelId: reference.channelId ?? Channels.Msteams,
    bot: reference.bot ?? { id: botId, name: '' },
  };
}

/**
 * The bot's proactive Bot Connector calls (a new message, an update, a new 1:1 chat), each one HTTP
 * request through botbuilder's ConnectorClient, with the same identity, credentials and
 * single-attempt, rate-gated clients as the CloudAdapter it belongs to.
 *
 * Why not CloudAdapter.continueConversationAsync: for every message it builds a turn (claims, a
 * connector factory, a UserTokenClient, a TurnContext, the middleware pipeline) around a single
 * POST; at hundreds of cards a second that scaffolding cost about as much CPU as the request itself.
 * The request that reaches Teams is the same: `TurnContext.applyConversationReference` fills the
 * activity exactly as a proactive turn's sendActivity does, and errors are the connector's own
 * (RestError with the status), as classifyTeamsError expects.
 */
export class ProactiveConnector {
  private readonly connectors: ConnectorFactory;

  constructor(
    authentication: BotFrameworkAuthentication,
    private readonly botId: string,
  ) {
    // The identity CloudAdapter gives its own proactive turns (createClaimsIdentity).
    const claims = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: botId },
      { type: AuthenticationConstants.AppIdClaim, value: botId },
    ]);
    this.connectors = authentication.createConnectorFactory(claims);
  }

  /** Posts a new message into a stored conversation and returns Teams' activity id (to update it later). */
  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    const target = continuationReference(reference, this.botId);
    const outgoing = TurnContext.applyConversationReference({ type: 'message', ...activity }, target);
    const client = await this.connectors.create(target.serviceUrl, undefined);
    const response = await client.conversations.sendToConversation(target.conversation.id, outgoing);
    return response.id ?? '';
  }

  /** Replaces a message the bot sent earlier (a card after a click, the admin digest). */
  async update(
    reference: Partial<ConversationReference>,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<void> {
    const target = continuationReference(reference, this.botId);
    const outgoing = TurnContext.applyConversationReference({ type: 'message', ...activity }, target);
    const client = await this.connectors.create(target.serviceUrl, undefined);
    await client.conversations.updateActivity(target.conversation.id, activityId, {
      ...outgoing,
      id: activityId,
    });
  }

  /**
   * Opens (or finds: Teams returns the same id every time) the 1:1 chat between the bot and a
   * user, by AAD object id. Teams answers 403 if the app is not installed for the user, so a user
   * who never opened the bot needs a Graph install first.
   */
  async createPersonalConversation(
    request: PersonalConversationRequest,
  ): Promise<Partial<ConversationReference>> {
    const { serviceUrl, tenantId, userAadObjectId } = request;
    const bot = { id: this.botId, name: request.botName ?? '' };
    const parameters: ConversationParameters = {
      isGroup: false,
      bot,
      members: [{ id: userAadObjectId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    const client = await this.connectors.create(serviceUrl, undefined);
    const created = await client.conversations.createConversation(parameters);
    if (!created.id) throw new ConversationNotCreatedError('createConversation returned no conversation id');
    return {
      channelId: Channels.Msteams,
      serviceUrl,
      conversation: { id: created.id, conversationType: 'personal', isGroup: false, tenantId, name: '' },
      bot,
      user: { id: userAadObjectId, aadObjectId: userAadObjectId, name: '' },
    };
  }
}
