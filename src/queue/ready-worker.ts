import { type Job, Worker } from 'bullmq';
import type { RolloutDeps } from '../app/deps';
import { markReady, postDigest } from '../app/report-ready';
import { QUEUE_NAMES, READY_JOBS } from './job-names';
import { refuseUnknownJob, runJob } from './job-runner';
import { userJob, waveJob } from './job-schemas';

export function startReadyWorker(
  deps: RolloutDeps,
  connection: Worker['opts']['connection'],
  prefix: string,
) {
  // One at a time: the digest of a wave is one message, and two concurrent posts would make two.
  const worker = new Worker(QUEUE_NAMES.ready, (job) => processReadyJob(deps, job), {
    connection,
    prefix,
    concurrency: 1,
  });
  worker.on('failed', (job, error) =>
    deps.logger.warn({ jobId: job?.id, job: job?.name, err: error.message }, 'ready job failed'),
  );
  return worker;
}

export async function processReadyJob(deps: RolloutDeps, job: Job): Promise<string> {
  return runJob(async () => {
    switch (job.name) {
      case READY_JOBS.markReady: {
        const { waveId, userId } = userJob.parse(job.data);
        return markReady(deps, waveId, userId);
      }
      case READY_JOBS.digest:
        await postDigest(deps, waveJob.parse(job.data).waveId);
        return 'digest';
      default:
        return refuseUnknownJob(deps, QUEUE_NAMES.ready, job);
    }
  });
}
