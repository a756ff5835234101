import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { type Job, RateLimitError, UnrecoverableError, type Worker } from 'bullmq';
import { composeAwarenessCard } from '../cards/compose';
import { signActionToken } from '../rollout/action-token';
import type { WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import { type DeliveryOutcome, staleChatIsFinal } from '../teams/delivery-outcome';
import type { RolloutDeps } from './deps';
import { classifyDeliveryError, writeToUserChat } from './user-chat';

export const MAX_SNOOZES = 3;

/**
 * Sends a fresh awareness card (new card id, new signed token) to the user's 1:1 chat. Used for the
 * first card, every reminder, and (brief) the card that lets a user try again after a correction
 * that did not go through.
 */
export async function sendFreshAwarenessCard(
  deps: RolloutDeps,
  record: WaveUserRecord,
  wave: Wave,
  /** The user's stored conversation when the caller already read it (undefined: read it here). */
  stored?: Partial<ConversationReference> | null,
  options: { brief?: boolean } = {},
): Promise<{
  activityId: string;
  cardId: string;
  reference: Partial<ConversationReference>;
  /** The card went to a new chat: earlier cards are in a chat Teams no longer has. */
  newChat: boolean;
}> {
  const cardId = randomUUID();
  const token = signActionToken(
    {
      waveId: wave.id,
      userId: record.userId,
      cardId,
      exp: Math.floor(deps.now().getTime() / 1000) + deps.config.ACTION_TOKEN_TTL_DAYS * 86400,
    },
    deps.config.ACTION_TOKEN_SECRET,
  );
  const written = await writeToUserChat(
    deps,
    { waveId: wave.id, userId: record.userId },
    (reference) => {
      const card = composeAwarenessCard({
        record,
        wave,
        token,
        config: deps.config,
        // The language the user last wrote in (Teams activity), else their Graph preferredLanguage.
        locale: reference.locale ?? record.locale,
        snoozeAllowed: record.snoozes < MAX_SNOOZES,
        brief: options.brief,
      });
      return deps.outbox.send(reference, { type: 'message', attachments: [card] });
    },
    stored,
  );
  return { activityId: written.result, cardId, reference: written.reference, newChat: written.newChat };
}

/**
 * Turns a failed send into what BullMQ should do: a 429 pauses the whole queue as long as Teams
 * asks (RateLimitError: no attempt spent); a final failure is not retried; anything else is
 * retried with the job's jittered exponential backoff.
 */
export async function failDelivery(
  deps: RolloutDeps,
  worker: Worker,
  job: Job,
  error: unknown,
  onFinal: (outcome: FinalDelivery) => Promise<void>,
): Promise<never> {
  if (error instanceof UnrecoverableError) throw error;
  const classified = classifyDeliveryError(error);
  // Only writes that bypass writeToUserChat can still see a stale chat here; there is no new chat to try.
  const outcome = classified.kind === 'stale-chat' ? staleChatIsFinal(classified) : classified;
  const { waveId, userId } = job.data as { waveId: string; userId: string };
  await deps.repo.recordAttempt(waveId, userId, {
    at: deps.now().toISOString(),
    status: outcome.kind === 'throttled' ? 429 : outcome.status,
    outcome: outcome.kind,
  });
  if (outcome.kind === 'throttled') {
    await deps.outbox.pause(outcome.retryAfterMs);
    await worker.rateLimit(outcome.retryAfterMs);
    throw new RateLimitError();
  }
  if (outcome.kind === 'final') {
    await onFinal(outcome);
    throw new UnrecoverableError(`unreachable: ${outcome.reason}`);
  }
  // The last attempt of a job that kept failing is final too: the user must not stay pending forever.
  if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
    await onFinal({ kind: 'final', reason: 'retries-exhausted', status: outcome.status });
    throw new UnrecoverableError(`unreachable: retries exhausted (last status ${outcome.status})`);
  }
  throw error instanceof Error ? error : new Error(String(error));
}

/** A delivery that will not be tried again: Teams said so, or every attempt failed. */
export type FinalDelivery =
  | Extract<DeliveryOutcome, { kind: 'final' }>
  | { kind: 'final'; reason: 'retries-exhausted'; status: number };
