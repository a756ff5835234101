import { type Job, Worker } from 'bullmq';
import type { RolloutDeps } from '../app/deps';
import { escalateWave } from '../app/escalate-wave';
import { queueReminders } from '../app/remind';
import { sweepRegistrations } from '../app/sweep-registrations';
import { verifyEnforcement } from '../app/verify-enforcement';
import { QUEUE_NAMES, SWEEPS_JOBS } from './job-names';
import { refuseUnknownJob, runJob } from './job-runner';
import { registrationSweepJob, verifyEnforcementJob, waveJob, waveReminderJob } from './job-schemas';

export function startSweepsWorker(
  deps: RolloutDeps,
  connection: Worker['opts']['connection'],
  prefix: string,
) {
  // One sweep at a time: the report API allows 5 requests per 10 s for the whole tenant.
  const worker = new Worker(QUEUE_NAMES.sweeps, (job) => processSweepsJob(deps, job), {
    connection,
    prefix,
    concurrency: 1,
  });
  worker.on('failed', (job, error) =>
    deps.logger.warn({ jobId: job?.id, job: job?.name, err: error.message }, 'sweeps job failed'),
  );
  return worker;
}

/** The periodic registration sweep and Verify check, and each wave's reminders and deadline. */
export async function processSweepsJob(deps: RolloutDeps, job: Job): Promise<number> {
  return runJob(async () => {
    switch (job.name) {
      case SWEEPS_JOBS.registrationSweep:
        registrationSweepJob.parse(job.data);
        return sweepRegistrations(deps);
      case SWEEPS_JOBS.waveReminder: {
        const { waveId, n } = waveReminderJob.parse(job.data);
        return queueReminders(deps, waveId, n);
      }
      case SWEEPS_JOBS.waveDeadline:
        return escalateWave(deps, waveJob.parse(job.data).waveId);
      case SWEEPS_JOBS.verifyEnforcement:
        verifyEnforcementJob.parse(job.data);
        return (await verifyEnforcement(deps)).flagged;
      default:
        return refuseUnknownJob(deps, QUEUE_NAMES.sweeps, job);
    }
  });
}
