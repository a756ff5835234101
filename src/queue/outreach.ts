import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { FirstCardInputs } from '../store/first-card-claim';
import { failDelivery, sendFreshAwarenessCard } from './awareness-delivery';
import type { RolloutDeps } from './deps';
import { runEffects } from './effects';
import { outreachJob } from './job-schemas';
import { QUEUE_NAMES } from './queues';
import { thankForStrongMethod } from './registration-sweep';
import { notifyManager, processReminder } from './reminders';

/** A job that finds its conversation busy waits this long, without spending an attempt. */
const BUSY_RETRY_MS = 1_000;

export interface OutreachOptions {
  /** Sends per second for the whole queue, across every worker process (Teams: 50/s per tenant). */
  ratePerSecond: number;
  concurrency?: number;
}

/**
 * Every message to a user goes through this one queue (first cards, reminders, thanks, manager
 * notices), so a single limiter keeps the whole app under Teams' per-tenant rate and one 429
 * pauses all of it.
 */
export function startOutreachWorker(
  deps: RolloutDeps,
  connection: Worker['opts']['connection'],
  prefix: string,
  options: OutreachOptions,
) {
  const lockDuration = deps.config.JOB_LOCK_SECONDS * 1000;
  const worker: Worker = new Worker(
    QUEUE_NAMES.outreach,
    (job, token) => processOutreachJob(deps, worker, job, token),
    {
      connection,
      prefix,
      concurrency: options.concurrency ?? 32,
      // A worker that died mid-job: BullMQ hands its jobs to another worker after about this long.
      lockDuration,
      stalledInterval: lockDuration,
      limiter: { max: Math.max(1, Math.round(options.ratePerSecond)), duration: 1000 },
    },
  );
  worker.on('failed', (job, error) =>
    deps.logger.warn(
      { jobId: job?.id, err: error.message, attempts: job?.attemptsMade },
      'outreach job failed',
    ),
  );
  return worker;
}

/** The user's conversation lease, held by one job; `held` turns false once it was given back. */
interface Lease {
  readonly owner: string;
  held: boolean;
}

/** One request in flight per conversation: the job holds the user's lease while it talks to Teams. */
export async function processOutreachJob(
  deps: RolloutDeps,
  worker: Worker,
  job: Job,
  token?: string,
): Promise<string> {
  const { userId } = job.data as { userId?: string };
  if (!userId) throw new UnrecoverableError('outreach job without a user');
  const lease: Lease = { owner: `${job.id}#${job.attemptsMade}`, held: false };
  // The user's lease outlives the job lock a little, so it is free again when the job is handed over.
  const ttlMs = deps.config.JOB_LOCK_SECONDS * 1000 * 1.2;
  const firstCard = isAwarenessJob(job.name) ? outreachJob.parse(job.data) : undefined;
  // A first card takes the lease and reads what it needs in one call (the hot path of a wave).
  const inputs = firstCard
    ? await deps.firstCards.claim({ ...firstCard, owner: lease.owner, ttlMs })
    : undefined;
  lease.held = firstCard ? inputs !== undefined : await deps.locks.acquire(userId, lease.owner, ttlMs);
  if (!lease.held) {
    await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
    throw new DelayedError();
  }
  try {
    if (firstCard) {
      return await sendAwarenessCard(deps, worker, job, {
        ...firstCard,
        ...(inputs as FirstCardInputs),
        lease,
      });
    }
    switch (job.name) {
      case 'remind':
        return await processReminder(deps, worker, job);
      case 'thank':
        return await thankForStrongMethod(deps, worker, job);
      default:
        return await notifyManager(deps, worker, job);
    }
  } finally {
    if (lease.held) await deps.locks.release(userId, lease.owner);
  }
}

const NOT_AWARENESS = new Set(['remind', 'thank', 'notify-manager']);

function isAwarenessJob(name: string): boolean {
  return !NOT_AWARENESS.has(name);
}

export async function sendAwarenessCard(
  deps: RolloutDeps,
  worker: Worker,
  job: Job,
  inputs: FirstCardInputs & { waveId: string; userId: string; lease: Lease },
): Promise<string> {
  const { waveId, userId, record, wave, lease } = inputs;
  const { repo } = deps;
  // Company Communicator's rule: send only if the recipient is still pending.
  if (record?.status !== 'targeted') return 'skipped';
  if (!wave) throw new UnrecoverableError(`wave ${waveId} no longer exists`);
  let sent: Awaited<ReturnType<typeof sendFreshAwarenessCard>>;
  try {
    sent = await sendFreshAwarenessCard(deps, record, wave, inputs.stored);
  } catch (error) {
    return await failDelivery(deps, worker, job, error, async (outcome) => {
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
  const attempt = { at: deps.now().toISOString(), status: 201, outcome: 'sent' as const };
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
    { now: deps.now, known: record, withAttempt: attempt, releasingLease: lease.owner },
  );
  if (!applied.result.ok) {
    await repo.recordAttempt(waveId, userId, attempt);
    return 'sent';
  }
  lease.held = false;
  await runEffects(deps, waveId, userId, applied.result.effects);
  return 'sent';
}
