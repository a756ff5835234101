import { composeMessageCard } from '../cards/message-cards';
import { withConversationLease } from './conversation-lease';
import { settleFailedDelivery } from './delivery-failure';
import { type DeliveryResult, done, type JobAttempt } from './delivery-result';
import type { RolloutDeps } from './deps';
import { writeToUserChat } from './user-chat';

/** Thanks the user in place of their awareness card, so the old buttons cannot be pressed any more. */
export async function thankForStrongMethod(
  deps: RolloutDeps,
  target: { waveId: string; userId: string },
  attempt: JobAttempt,
): Promise<DeliveryResult> {
  const { waveId, userId } = target;
  return withConversationLease(deps, userId, attempt, async () => {
    const record = await deps.repo.getUser(waveId, userId);
    if (record?.status !== 'ready') return done('skipped');
    const card = composeMessageCard('strongMethodThanks', { config: deps.config, locale: record.locale });
    const activity = { type: 'message', attachments: [card] };
    try {
      // In a new chat the awareness card is not there to replace: the thanks come as a new message.
      await writeToUserChat(deps, record, async (reference, newChat) => {
        if (record.activityId && !newChat) await deps.outbox.update(reference, record.activityId, activity);
        else await deps.outbox.send(reference, activity);
      });
    } catch (error) {
      return settleFailedDelivery(deps, target, error, attempt, async (outcome) => {
        deps.logger.info({ waveId, userId, reason: outcome.reason }, 'could not thank user');
      });
    }
    return done('thanked');
  });
}
