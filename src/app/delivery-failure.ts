import { assertNever } from '../rollout/assert-never';
import { type DeliveryOutcome, staleChatIsFinal } from '../teams/delivery-outcome';
import type { DeliveryResult, JobAttempt } from './delivery-result';
import type { RolloutDeps } from './deps';
import { classifyDeliveryError } from './user-chat';

/** A delivery that will not be tried again: Teams or Graph said so, or every attempt failed. */
export type FinalDelivery =
  | Extract<DeliveryOutcome, { kind: 'final' }>
  | { kind: 'final'; reason: 'retries-exhausted'; status: number };

/**
 * What a failed write to a user's chat means for the job: the attempt is recorded; a 429 pauses
 * every sender for as long as Teams asks (no attempt spent); a final failure, or the last attempt of
 * one that kept failing, runs `onFinal` (mark unreachable, audit) and is not retried; anything else
 * is retried with backoff.
 */
export async function settleFailedDelivery(
  deps: RolloutDeps,
  target: { waveId: string; userId: string },
  error: unknown,
  attempt: JobAttempt,
  onFinal: (outcome: FinalDelivery) => Promise<void>,
): Promise<DeliveryResult> {
  const classified = classifyDeliveryError(error);
  // Only writes that bypass writeToUserChat can still see a stale chat here; there is no new chat to try.
  const outcome = classified.kind === 'stale-chat' ? staleChatIsFinal(classified) : classified;
  await deps.repo.recordAttempt(target.waveId, target.userId, {
    at: deps.now().toISOString(),
    status: outcome.kind === 'throttled' ? 429 : outcome.status,
    outcome: outcome.kind,
  });
  switch (outcome.kind) {
    case 'throttled':
      await deps.outbox.pause(outcome.retryAfterMs);
      return { kind: 'throttled', retryAfterMs: outcome.retryAfterMs };
    case 'final':
      await onFinal(outcome);
      return { kind: 'final', reason: `unreachable: ${outcome.reason}` };
    case 'transient':
      if (attempt.last) {
        await onFinal({ kind: 'final', reason: 'retries-exhausted', status: outcome.status });
        return { kind: 'final', reason: `unreachable: retries exhausted (last status ${outcome.status})` };
      }
      return { kind: 'retry', error: error instanceof Error ? error : new Error(String(error)) };
    default:
      return assertNever(outcome, 'delivery outcome');
  }
}
