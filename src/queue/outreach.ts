import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
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

/** One request in flight per conversation: the job holds the user's lease while it talks to Teams. */
export async function processOutreachJob(
  deps: RolloutDeps,
  worker: Worker,
  job: Job,
  token?: string,
): Promise<string> {
  const { userId } = job.data as { userId?: string };
  if (!userId) throw new UnrecoverableError('outreach job without a user');
  const owner = `${job.id}#${job.attemptsMade}`;
  // The user's lease outlives the job lock a little, so it is free again when the job is handed over.
  if (!(await deps.locks.acquire(userId, owner, deps.config.JOB_LOCK_SECONDS * 1000 * 1.2))) {
    await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
    throw new DelayedError();
  }
  try {
    switch (job.name) {
      case 'remind':
        return await processReminder(deps, worker, job);
      case 'thank':
        return await thankForStrongMethod(deps, worker, job);
      case 'notify-manager':
        return await notifyManager(deps, worker, job);
      default:
        return await sendAwarenessCard(deps, worker, job);
    }
  } finally {
    await deps.locks.release(userId, owner);
  }
}

export async function sendAwarenessCard(deps: RolloutDeps, worker: Worker, job: Job): Promise<string> {
  const { waveId, userId } = outreachJob.parse(job.data);
  const { repo } = deps;
  const record = await repo.getUser(waveId, userId);
  // Company Communicator's rule: send only if the recipient is still pending.
  if (record?.status !== 'targeted') return 'skipped';
  const wave = await repo.getWave(waveId);
  if (!wave) throw new UnrecoverableError(`wave ${waveId} no longer exists`);
  let sent: Awaited<ReturnType<typeof sendFreshAwarenessCard>>;
  try {
    sent = await sendFreshAwarenessCard(deps, record, wave);
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
  // The state is written first: it is what stops a second send; the attempt log can follow.
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
  );
  await repo.recordAttempt(waveId, userId, { at: deps.now().toISOString(), status: 201, outcome: 'sent' });
  if (applied.result.ok) await runEffects(deps, waveId, userId, applied.result.effects);
  return 'sent';
}
