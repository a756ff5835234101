import { composeMessageCard } from '../cards/message-cards';
import { REMINDED_STATUSES, reminderTimes } from '../rollout/reminder-policy';
import type { Wave } from '../rollout/wave';
import { isMessageGone } from '../teams/connector-error';
import { sendFreshAwarenessCard } from './awareness-card';
import { withConversationLease } from './conversation-lease';
import { settleFailedDelivery } from './delivery-failure';
import { type DeliveryResult, done, type JobAttempt } from './delivery-result';
import type { RolloutDeps } from './deps';

/**
 * Reminders are scheduled per wave, not per user: a 100,000-user wave holds a handful of delayed
 * jobs instead of 400,000. When one comes due it fans out to the users still owing an answer at
 * that moment; each of those per-user reminders checks the user's state again when it runs.
 */
const FAN_OUT_CHUNK = 1000;

export async function scheduleWaveReminders(deps: RolloutDeps, wave: Wave): Promise<void> {
  const deadline = new Date(wave.deadline);
  await deps.jobs.scheduleWaveReminders(wave.id, reminderTimes(deps.now(), deadline), deadline);
}

/** Reminder `n` came due: one reminder per user still owing an answer (a repeat adds nobody twice). */
export async function queueReminders(deps: RolloutDeps, waveId: string, n: number): Promise<number> {
  let queued = 0;
  for (const status of REMINDED_STATUSES) {
    const userIds = await deps.repo.userIdsWithStatus(waveId, status, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < userIds.length; i += FAN_OUT_CHUNK) {
      const chunk = userIds.slice(i, i + FAN_OUT_CHUNK);
      await deps.jobs.sendReminders(waveId, n, chunk);
      queued += chunk.length;
    }
  }
  return queued;
}

export interface ReminderRequest {
  waveId: string;
  userId: string;
  /** A wave reminder, or the card again after the user's snooze. */
  kind: 'scheduled' | 'snooze';
}

/** Sends the card again (fresh token) and retires the previous card so only the newest one acts. */
export async function sendReminder(
  deps: RolloutDeps,
  request: ReminderRequest,
  attempt: JobAttempt,
): Promise<DeliveryResult> {
  const { waveId, userId, kind } = request;
  return withConversationLease(deps, userId, attempt, async () => {
    const record = await deps.repo.getUser(waveId, userId);
    const due =
      kind === 'snooze' ? record?.status === 'snoozed' : record && REMINDED_STATUSES.includes(record.status);
    if (!record || !due) return done('skipped');
    const wave = await deps.repo.getWave(waveId);
    if (!wave) return { kind: 'final', reason: `wave ${waveId} no longer exists` };
    let sent: Awaited<ReturnType<typeof sendFreshAwarenessCard>>;
    try {
      sent = await sendFreshAwarenessCard(deps, record, wave);
    } catch (error) {
      return settleFailedDelivery(deps, request, error, attempt, async (outcome) => {
        await deps.audit.append({
          at: deps.now().toISOString(),
          actor: 'bot',
          action: 'reminder-undeliverable',
          waveId,
          userId,
          detail: outcome.reason,
        });
      });
    }
    const applied = await deps.repo.apply(
      waveId,
      userId,
      { type: 'reminded', activityId: sent.activityId, cardId: sent.cardId },
      'bot',
    );
    // A card in a chat Teams no longer has cannot be retired, and nobody can see it any more.
    if (record.activityId && applied.result.ok && !sent.newChat) {
      const notice = composeMessageCard('cardReplaced', { config: deps.config, locale: record.locale });
      try {
        await deps.outbox.update(sent.reference, record.activityId, {
          type: 'message',
          attachments: [notice],
        });
      } catch (error) {
        // The old card's token is refused anyway (stale card id); a failed cosmetic update is fine.
        deps.logger.info(
          { waveId, userId, err: (error as Error).message },
          isMessageGone(error)
            ? 'the previous card is gone (404); nothing to retire, the new card stands alone'
            : 'could not retire the previous card; its buttons are refused anyway, the new card stands',
        );
      }
    }
    return done(applied.result.ok ? 'reminded' : 'skipped');
  });
}
