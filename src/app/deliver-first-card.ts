import type { FirstCardInputs } from '../store/first-card-claim';
import { sendFreshAwarenessCard } from './awareness-card';
import { leaseTtlMs } from './conversation-lease';
import { settleFailedDelivery } from './delivery-failure';
import { type DeliveryResult, done, type JobAttempt } from './delivery-result';
import type { RolloutDeps } from './deps';
import { runEffects } from './run-effects';

/**
 * A user's first awareness card: the hot path of a wave. The user's conversation lease and what the
 * card needs (record, wave, stored chat) come in one Redis call; the new state, the attempt and the
 * lease given back go in another. Sent only while the user is still `targeted` (Company
 * Communicator's rule), so a repeated job never sends a second card.
 */
export async function deliverFirstCard(
  deps: RolloutDeps,
  target: { waveId: string; userId: string },
  attempt: JobAttempt,
): Promise<DeliveryResult> {
  const { waveId, userId } = target;
  const inputs = await deps.firstCards.claim({
    waveId,
    userId,
    owner: attempt.owner,
    ttlMs: leaseTtlMs(deps),
  });
  if (!inputs) return { kind: 'busy' };
  const lease = { held: true };
  try {
    return await sendFirstCard(deps, target, attempt, inputs, lease);
  } finally {
    if (lease.held) await deps.locks.release(userId, attempt.owner);
  }
}

async function sendFirstCard(
  deps: RolloutDeps,
  { waveId, userId }: { waveId: string; userId: string },
  attempt: JobAttempt,
  { record, wave, stored }: FirstCardInputs,
  lease: { held: boolean },
): Promise<DeliveryResult> {
  const { repo } = deps;
  if (record?.status !== 'targeted') return done('skipped');
  if (!wave) return { kind: 'final', reason: `wave ${waveId} no longer exists` };
  let sent: Awaited<ReturnType<typeof sendFreshAwarenessCard>>;
  try {
    sent = await sendFreshAwarenessCard(deps, record, wave, stored);
  } catch (error) {
    return settleFailedDelivery(deps, { waveId, userId }, error, attempt, async (outcome) => {
      const applied = await repo.apply(
        waveId,
        userId,
        { type: 'delivery-failed', reason: outcome.reason },
        'bot',
      );
      if (applied.result.ok) await runEffects(deps, waveId, userId, applied.result.effects);
      deps.logger.info({ waveId, userId, reason: outcome.reason }, 'user unreachable');
    });
  }
  // One write: the new state (what stops a second send), the attempt, and the lease given back.
  const sentAttempt = { at: deps.now().toISOString(), status: 201, outcome: 'sent' as const };
  const applied = await repo.apply(
    waveId,
    userId,
    {
      type: 'card-sent',
      activityId: sent.activityId,
      conversationId: sent.reference.conversation?.id ?? '',
      cardId: sent.cardId,
    },
    'bot',
    { now: deps.now, known: record, withAttempt: sentAttempt, releasingLease: attempt.owner },
  );
  if (!applied.result.ok) {
    await repo.recordAttempt(waveId, userId, sentAttempt);
    return done('sent');
  }
  lease.held = false;
  await runEffects(deps, waveId, userId, applied.result.effects);
  return done('sent');
}
