import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

/** Activities a person sent: only those get the apology (not our own proactive or create turns). */
const FROM_A_PERSON = new Set(['message', 'invoke']);

/** What may be logged of an error: no request, response headers or bodies (they can carry tokens). */
export function errorSummary(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return { name: error.name, message: error.message, statusCode, code };
}

/** The apology in the reader's language (the activity's locale); built where the cards' strings are known. */
export type Apology = (locale: string | undefined) => string;

/** Without the localised strings (a bare adapter in a test or a benchmark): plain English, no helpdesk. */
export const PLAIN_APOLOGY: Apology = () =>
  'Sorry, something went wrong on our side. Please try again in a moment.';

/**
 * CloudAdapter's last resort for an exception escaping a turn: log it (the logger masks phone
 * numbers and secrets) and tell the person something went wrong, so they are not left waiting.
 */
export function createTurnErrorHandler(logger: Logger, apology: Apology = PLAIN_APOLOGY) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const { activity } = context;
    logger.error(
      {
        err: errorSummary(error),
        activityType: activity.type,
        activityName: activity.name,
        conversationId: activity.conversation?.id,
      },
      'unhandled error in a bot turn',
    );
    if (!FROM_A_PERSON.has(activity.type)) return;
    try {
      await context.sendActivity(apology(activity.locale));
    } catch (sendError) {
      logger.warn({ err: errorSummary(sendError) }, 'could not tell the user about the error');
    }
  };
}
