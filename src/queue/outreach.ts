import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { failDelivery, sendFreshAwarenessCard } from './awareness-delivery';
import type { RolloutDeps } from './deps';
import { runEffects } from './effects';
import { outreachJob } from './job-schemas';
import { QUEUE_NAMES } from './queues';
import { thankForStrongMethod } from './registration-sweep';
import { processEscalation, processReminder } from './reminders';

/** Long enough for a slow send, short enough that a crashed worker's claim frees the user soon. */
const CLAIM_TTL_MS = 60_000;

export interface OutreachOptions {
  /** Sends per second for the whole queue, across every worker process (Teams: 50/s per tenant). */
  ratePerSecond: number;
  concurrency?: number;
}

/**
 * Every message to a user goes through this one queue (first cards, reminders, escalations), so a
 * single limiter keeps the whole app under Teams' per-tenant rate, and one 429 pauses all of it.
 */
export function startOutreachWorker(
  deps: RolloutDeps,
  connection: Worker['opts']['connection'],
  prefix: string,
  options: OutreachOptions,
) {
  const worker: Worker = new Worker(QUEUE_NAMES.outreach, (job) => processOutreachJob(deps, worker, job), {
    connection,
    prefix,
    concurrency: options.concurrency ?? 32,
    limiter: { max: Math.max(1, Math.round(options.ratePerSecond)), duration: 1000 },
  });
  worker.on('failed', (job, error) =>
    deps.logger.warn(
      { jobId: job?.id, err: error.message, attempts: job?.attemptsMade },
      'outreach job failed',
    ),
  );
  return worker;
}

export function processOutreachJob(deps: RolloutDeps, worker: Worker, job: Job): Promise<string> {
  switch (job.name) {
    case 'remind':
      return processReminder(deps, worker, job);
    case 'thank':
      return thankForStrongMethod(deps, worker, job);
    case 'escalate':
    case 'notify-manager':
      return processEscalation(deps, worker, job);
    default:
      return sendAwarenessCard(deps, worker, job);
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
  if (!(await repo.claimSend(waveId, userId, `${job.id}#${job.attemptsMade}`, CLAIM_TTL_MS))) {
    // Another worker is sending to this user right now; retry later rather than send twice.
    throw new Error('send claimed by another worker');
  }
  try {
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
    await repo.recordAttempt(waveId, userId, { at: deps.now().toISOString(), status: 201, outcome: 'sent' });
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
    if (applied.result.ok) await runEffects(deps, waveId, userId, applied.result.effects);
    return 'sent';
  } finally {
    await repo.releaseSend(waveId, userId);
  }
}
