import { type Job, Worker } from 'bullmq';
import type { RolloutDeps } from '../app/deps';
import { runEnforcement } from '../app/run-enforcement';
import { ENFORCE_JOBS, QUEUE_NAMES } from './job-names';
import { refuseUnknownJob, runJob } from './job-runner';
import { enforcePlanJob } from './job-schemas';

export function startEnforceWorker(
  deps: RolloutDeps,
  connection: Worker['opts']['connection'],
  prefix: string,
) {
  const lockDuration = deps.config.JOB_LOCK_SECONDS * 1000;
  // One plan at a time: plans share Graph's identity write budget, and two plans of one wave would race.
  const worker = new Worker(QUEUE_NAMES.enforce, (job) => processEnforceJob(deps, job), {
    connection,
    prefix,
    concurrency: 1,
    // A worker killed mid-plan frees the job after about this long; another picks it up where it stopped.
    lockDuration,
    stalledInterval: lockDuration,
  });
  worker.on('failed', (job, error) =>
    deps.logger.error({ jobId: job?.id, job: job?.name, err: error.message }, 'enforce job failed'),
  );
  return worker;
}

export async function processEnforceJob(deps: RolloutDeps, job: Job): Promise<unknown> {
  return runJob(async () => {
    switch (job.name) {
      case ENFORCE_JOBS.runPlan: {
        const data = enforcePlanJob.parse(job.data);
        // The cursor is saved in the job after each chunk: a resumed job starts at that chunk.
        return runEnforcement(deps, data.planId, data.offset, (offset) =>
          job.updateData({ planId: data.planId, offset }),
        );
      }
      default:
        return refuseUnknownJob(deps, QUEUE_NAMES.enforce, job);
    }
  });
}
