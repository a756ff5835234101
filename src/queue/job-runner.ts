import { DelayedError, type Job, RateLimitError, UnrecoverableError, type Worker } from 'bullmq';
import { ZodError } from 'zod';
import type { DeliveryResult, JobAttempt } from '../app/delivery-result';
import type { RolloutDeps } from '../app/deps';
import { NotRetryableError } from '../app/not-retryable';
import { assertNever } from '../rollout/assert-never';
import type { QueueName } from './job-names';

/** A job that finds its user's chat busy waits this long, without spending an attempt. */
export const BUSY_RETRY_MS = 1_000;

/** Which try this is: the lease owner's name, and whether a failure now is the last word. */
export function jobAttempt(job: Job): JobAttempt {
  return { owner: `${job.id}#${job.attemptsMade}`, last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) };
}

/**
 * A job whose name its queue does not know is refused, not guessed at: audited, failed without a
 * retry, and nothing of it runs (a typo must not send a card or a manager notice).
 */
export async function refuseUnknownJob(deps: RolloutDeps, queue: QueueName, job: Job): Promise<never> {
  deps.logger.warn({ queue, job: job.name, jobId: job.id }, 'unknown job refused');
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: 'queue',
    action: 'job-refused',
    detail: `${queue}: unknown job name ${JSON.stringify(job.name.slice(0, 80))}`,
  });
  throw new UnrecoverableError(`${queue}: unknown job ${job.name}`);
}

/**
 * Runs a job's use case; what cannot succeed by retrying (a payload that does not parse, a wave
 * that is gone) fails at once instead of spending every attempt.
 */
export async function runJob<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ZodError) throw new UnrecoverableError(`bad job data: ${error.issues[0]?.message}`);
    if (error instanceof NotRetryableError) throw new UnrecoverableError(error.message);
    throw error;
  }
}

/** What a delivery use case said, in BullMQ's terms. */
export async function settleDelivery(
  worker: Worker,
  job: Job,
  token: string | undefined,
  result: DeliveryResult,
): Promise<string> {
  switch (result.kind) {
    case 'done':
      return result.outcome;
    case 'busy':
      await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
      throw new DelayedError();
    case 'throttled':
      // The whole queue waits as long as Teams asks; a rate-limited job spends no attempt.
      await worker.rateLimit(result.retryAfterMs);
      throw new RateLimitError();
    case 'final':
      throw new UnrecoverableError(result.reason);
    case 'retry':
      throw result.error;
    default:
      return assertNever(result, 'delivery result');
  }
}
