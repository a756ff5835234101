import { type Job, Worker } from 'bullmq';
import { deliverFirstCard } from '../app/deliver-first-card';
import type { DeliveryResult } from '../app/delivery-result';
import type { RolloutDeps } from '../app/deps';
import { notifyManager } from '../app/notify-manager';
import { sendReminder } from '../app/remind';
import { thankForStrongMethod } from '../app/thank-user';
import { OUTREACH_JOBS, QUEUE_NAMES } from './job-names';
import { jobAttempt, refuseUnknownJob, runJob, settleDelivery } from './job-runner';
import { reminderJob, userJob } from './job-schemas';

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
      { jobId: job?.id, job: job?.name, err: error.message, attempts: job?.attemptsMade },
      'outreach job failed',
    ),
  );
  return worker;
}

export async function processOutreachJob(
  deps: RolloutDeps,
  worker: Worker,
  job: Job,
  token?: string,
): Promise<string> {
  const attempt = jobAttempt(job);
  const result = await runJob<DeliveryResult>(async () => {
    switch (job.name) {
      case OUTREACH_JOBS.firstCard:
        return deliverFirstCard(deps, userJob.parse(job.data), attempt);
      case OUTREACH_JOBS.reminder:
        return sendReminder(deps, reminderJob.parse(job.data), attempt);
      case OUTREACH_JOBS.thanks:
        return thankForStrongMethod(deps, userJob.parse(job.data), attempt);
      case OUTREACH_JOBS.managerNotice:
        return notifyManager(deps, userJob.parse(job.data), attempt);
      default:
        return refuseUnknownJob(deps, QUEUE_NAMES.outreach, job);
    }
  });
  return settleDelivery(worker, job, token, result);
}
