/**
 * Error bodies as Teams returns them (`{ error: { code, message } }`, the Bot Connector
 * ErrorResponse shape), taken from the "status codes from bot conversational APIs" table in the
 * Teams platform docs, so the client library parses them exactly as it parses the real service's.
 */
export interface TeamsErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

function body(code: string, message: string): TeamsErrorBody {
  return { error: { code, message } };
}

export const TEAMS_ERRORS = {
  blocked: body('ConversationBlockedByUser', 'User blocked the conversation with the bot.'),
  notInRoster: body('BotNotInConversationRoster', 'The bot is not part of the conversation roster.'),
  disabledByAdmin: body('BotDisabledByAdmin', 'The tenant admin disabled this bot.'),
  conversationNotFound: body('ConversationNotFound', 'Conversation not found.'),
  userNotFound: body('NotFound', 'User not found.'),
  activityNotFound: body('ActivityNotFoundInConversation', 'Activity not found in conversation.'),
  memberNotFound: body('MemberNotFoundInConversation', 'Member not found in conversation.'),
  badSyntax: body('BadSyntax', 'Bad syntax.'),
  badArgument: body('BadArgument', 'Bad argument.'),
  messageTooBig: body('MessageSizeTooBig', 'Message size too large.'),
  throttled: body('Throttled', 'Too many requests.'),
  preconditionFailed: body('PreconditionFailed', 'Precondition failed, please try again.'),
  serviceError: body('ServiceError', 'Unknown error.'),
  badGateway: body('ServiceError', 'Bad gateway.'),
  unavailable: body('ServiceUnavailable', 'Service unavailable.'),
  gatewayTimeout: body('GatewayTimeout', 'Gateway timeout.'),
  notFoundRoute: body('NotFound', 'No such endpoint.'),
} as const;

/** The body the simulator sends for an injected status when the fault does not bring its own. */
export function defaultErrorBody(status: number): TeamsErrorBody {
  switch (status) {
    case 400:
      return TEAMS_ERRORS.badArgument;
    case 403:
      return TEAMS_ERRORS.disabledByAdmin;
    case 404:
      return TEAMS_ERRORS.conversationNotFound;
    case 412:
      return TEAMS_ERRORS.preconditionFailed;
    case 429:
      return TEAMS_ERRORS.throttled;
    case 502:
      return TEAMS_ERRORS.badGateway;
    case 503:
      return TEAMS_ERRORS.unavailable;
    case 504:
      return TEAMS_ERRORS.gatewayTimeout;
    default:
      return TEAMS_ERRORS.serviceError;
  }
}
