import { composeMessageCard } from '../cards/message-cards';
import { getManager } from '../graph/users';
import { withConversationLease } from './conversation-lease';
import { settleFailedDelivery } from './delivery-failure';
import { type DeliveryResult, done, type JobAttempt } from './delivery-result';
import type { RolloutDeps } from './deps';
import { writeToUserChat } from './user-chat';

/** Tells the manager of a user who became unresponsive, in the manager's language. */
export async function notifyManager(
  deps: RolloutDeps,
  target: { waveId: string; userId: string },
  attempt: JobAttempt,
): Promise<DeliveryResult> {
  const { waveId, userId } = target;
  return withConversationLease(deps, userId, attempt, async () => {
    const [record, wave, manager] = await Promise.all([
      deps.repo.getUser(waveId, userId),
      deps.repo.getWave(waveId),
      getManager(deps.graph, userId),
    ]);
    if (!record || !wave || !manager || record.status !== 'unresponsive') return done('skipped');
    try {
      const card = composeMessageCard('managerEscalation', {
        config: deps.config,
        locale: manager.preferredLanguage,
        params: { name: record.displayName, wave: wave.name },
      });
      await writeToUserChat(deps, { waveId, userId: manager.id }, (reference) =>
        deps.outbox.send(reference, { type: 'message', attachments: [card] }),
      );
    } catch (error) {
      return settleFailedDelivery(deps, target, error, attempt, async (outcome) => {
        deps.logger.info({ waveId, userId, reason: outcome.reason }, 'manager could not be told');
      });
    }
    await deps.audit.append({
      at: deps.now().toISOString(),
      actor: 'bot',
      action: 'manager-notified',
      waveId,
      userId,
      detail: `manager ${manager.id}`,
    });
    return done('manager-notified');
  });
}
