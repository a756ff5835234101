import type { ConversationReference } from 'botbuilder';
import type { RolloutDeps } from './deps';
import { composePreloadRunCard } from './preload-card';
import type { PreloadRunView } from './preload-teams-port';

/**
 * The apply job's progress on the preload's card, in place: the same message moves from "applying,
 * N of M" to the result. Best effort: the writes go on whether Teams takes the update or not.
 */
export async function showPreloadProgress(deps: RolloutDeps, run: PreloadRunView): Promise<void> {
  const message = run.cardMessage;
  if (!message) return;
  // The card sits in the requester's 1:1 chat: their stored reference knows its serviceUrl and language.
  const stored = await deps.refs.forUser(run.requestedBy.id);
  const reference: Partial<ConversationReference> =
    stored?.conversation?.id === message.conversationId
      ? stored
      : {
          channelId: 'msteams',
          serviceUrl: stored?.serviceUrl ?? deps.config.TEAMS_SERVICE_URL,
          conversation: {
            id: message.conversationId,
            isGroup: false,
            conversationType: 'personal',
            name: '',
          },
        };
  const card = composePreloadRunCard(run, stored?.locale);
  try {
    await deps.outbox.update(reference, message.activityId, { type: 'message', attachments: [card] });
  } catch (error) {
    deps.logger.info(
      { err: (error as Error).message, preloadId: run.preloadId },
      'the preload card was not updated',
    );
  }
}
