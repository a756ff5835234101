import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import { runInConversation } from './proactive';

export {
  ConversationNotCreatedError,
  createPersonalConversation,
  type PersonalConversationRequest,
} from './personal-conversation';

/**
 * Posts a new message into a stored conversation and returns Teams' activity id (keep it to
 * update the card later). One HTTP request, no retry: on failure the connector's error is thrown
 * as is, for classifyTeamsError and the queue.
 */
export async function sendToConversation(
  adapter: CloudAdapter,
  botId: string,
  reference: Partial<ConversationReference>,
  activity: Partial<Activity>,
): Promise<string> {
  return runInConversation(adapter, botId, reference, async (context) => {
    // The continuation turn's activity id is a random uuid; TurnContext would send our message as
    // a "reply" to it (POST .../activities/{uuid}). Post it as the new message it is instead.
    context.onSendActivities(async (turn, activities, next) => {
      for (const outgoing of activities)
        if (outgoing.replyToId === turn.activity.id) delete outgoing.replyToId;
      return next();
    });
    const response = await context.sendActivity({ type: 'message', ...activity });
    return response?.id ?? '';
  });
}

/** Replaces a message the bot sent earlier (a card after a click, the admin digest). */
export async function updateActivityInConversation(
  adapter: CloudAdapter,
  botId: string,
  reference: Partial<ConversationReference>,
  activityId: string,
  activity: Partial<Activity>,
): Promise<void> {
  await runInConversation(adapter, botId, reference, async (context) => {
    await context.updateActivity({ type: 'message', ...activity, id: activityId });
  });
}
