import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { RolloutDeps } from './deps';
import { QUEUE_NAMES, WAVE_PLAN_JOBS } from './queues';
import { expandWave } from './wave-plan';
import { runWaveStartJob } from './wave-start-job';

/** The wave-plan queue's jobs by name; an unknown name is refused, not guessed at. */
async function runWavePlanJob(deps: RolloutDeps, job: Job): Promise<unknown> {
  switch (job.name) {
    case WAVE_PLAN_JOBS.expand:
      return expandWave(deps, job);
    case WAVE_PLAN_JOBS.start:
      return runWaveStartJob(deps, job);
    default:
      throw new UnrecoverableError(`unknown wave-plan job ${job.name}`);
  }
}

export function startWavePlanWorker(
  deps: RolloutDeps,
  connection: Worker['opts']['connection'],
  prefix: string,
) {
  const worker = new Worker(QUEUE_NAMES.wavePlan, (job) => runWavePlanJob(deps, job), {
    connection,
    prefix,
    concurrency: 2,
  });
  worker.on('failed', (job, error) =>
    deps.logger.error({ jobId: job?.id, job: job?.name, err: error.message }, 'wave-plan job failed'),
  );
  return worker;
}
