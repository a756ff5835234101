import type { DeliveryResult, JobAttempt } from './delivery-result';
import type { RolloutDeps } from './deps';

/** The user's lease outlives the job lock a little, so it is free again when a dead worker's job is handed over. */
export function leaseTtlMs(deps: Pick<RolloutDeps, 'config'>): number {
  return deps.config.JOB_LOCK_SECONDS * 1000 * 1.2;
}

/**
 * One request in flight per chat: `talk` runs only while this job holds the user's conversation
 * lease; another job holding it means "busy, come back in a moment".
 */
export async function withConversationLease(
  deps: RolloutDeps,
  userId: string,
  attempt: JobAttempt,
  talk: () => Promise<DeliveryResult>,
): Promise<DeliveryResult> {
  if (!(await deps.locks.acquire(userId, attempt.owner, leaseTtlMs(deps)))) return { kind: 'busy' };
  try {
    return await talk();
  } finally {
    await deps.locks.release(userId, attempt.owner);
  }
}
