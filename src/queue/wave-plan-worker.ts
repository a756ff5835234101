import { type Job, Worker } from 'bullmq';
import { runChatWaveStart } from '../app/chat-wave-start';
import type { RolloutDeps } from '../app/deps';
import { expandWave } from '../app/expand-wave';
import { runPreloadApply } from '../app/run-preload-apply';
import { QUEUE_NAMES, WAVE_PLAN_JOBS } from './job-names';
import { jobAttempt, refuseUnknownJob, runJob } from './job-runner';
import { expandWaveJob, preloadApplyJob, waveStartJob } from './job-schemas';

export function startWavePlanWorker(
  deps: RolloutDeps,
  connection: Worker['opts']['connection'],
  prefix: string,
) {
  const lockDuration = deps.config.JOB_LOCK_SECONDS * 1000;
  const worker = new Worker(QUEUE_NAMES.wavePlan, (job) => processWavePlanJob(deps, job), {
    connection,
    prefix,
    concurrency: 2,
    // A worker that died mid-job (a long preload apply): another takes the job over after about this long.
    lockDuration,
    stalledInterval: lockDuration,
  });
  worker.on('failed', (job, error) =>
    deps.logger.error({ jobId: job?.id, job: job?.name, err: error.message }, 'wave-plan job failed'),
  );
  return worker;
}

/** The wave-plan queue's jobs by name; an unknown name is refused, not guessed at. */
export async function processWavePlanJob(deps: RolloutDeps, job: Job): Promise<unknown> {
  return runJob(async () => {
    switch (job.name) {
      case WAVE_PLAN_JOBS.expand: {
        const data = expandWaveJob.parse(job.data);
        const cursor = {
          nextLink: data.nextLink,
          pagesDone: data.pagesDone,
          csvOffset: data.csvOffset,
          csvChunkSize: data.chunkSize,
        };
        // The cursor is saved in the job after each page: a resumed job starts where it stopped.
        return expandWave(deps, data.waveId, cursor, (at) =>
          job.updateData({
            waveId: data.waveId,
            nextLink: at.nextLink,
            pagesDone: at.pagesDone,
            csvOffset: at.csvOffset,
            chunkSize: at.csvChunkSize,
          }),
        );
      }
      case WAVE_PLAN_JOBS.preloadApply:
        return runPreloadApply(deps, preloadApplyJob.parse(job.data).preloadId);
      case WAVE_PLAN_JOBS.start:
        return runChatWaveStart(deps, waveStartJob.parse(job.data).requestId, jobAttempt(job));
      default:
        return refuseUnknownJob(deps, QUEUE_NAMES.wavePlan, job);
    }
  });
}
