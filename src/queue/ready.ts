import { type Job, Worker } from 'bullmq';
import { composeDigestCard } from '../cards/compose';
import { readWaveDigest } from '../store/wave-digest-reader';
import { whereAdminPostsGo } from './admin-posts';
import type { RolloutDeps } from './deps';
import { digestJob, readyJob } from './job-schemas';
import { QUEUE_NAMES } from './queues';

/** Ready users trickle in; the digest is refreshed at most once per window instead of once per user. */
const DIGEST_WINDOW_MS = 1500;

export async function scheduleDigest(deps: RolloutDeps, waveId: string): Promise<void> {
  await deps.queues.ready.add(
    'post-digest',
    { waveId },
    {
      delay: DIGEST_WINDOW_MS,
      // Throttle mode: every change inside the window lands in the one job, which reads state when it runs.
      deduplication: { id: `digest__${waveId}`, ttl: DIGEST_WINDOW_MS },
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: 100,
    },
  );
}

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
    deps.logger.warn({ jobId: job?.id, err: error.message }, 'ready job failed'),
  );
  return worker;
}

export async function processReadyJob(deps: RolloutDeps, job: Job): Promise<string> {
  if (job.name === 'post-digest') {
    await postDigest(deps, digestJob.parse(job.data).waveId);
    return 'digest';
  }
  const { waveId, userId } = readyJob.parse(job.data);
  const record = await deps.repo.getUser(waveId, userId);
  if (!record) return 'gone';
  const applied = await deps.repo.apply(
    waveId,
    userId,
    { type: 'marked-ready', strongMethod: record.strongMethod },
    'bot',
  );
  if (applied.result.ok || applied.result.code === 'settled') await scheduleDigest(deps, waveId);
  return applied.result.ok ? 'ready' : applied.result.code;
}

/** Posts the wave's digest card to the admin conversation once, then keeps updating that one message. */
export async function postDigest(deps: RolloutDeps, waveId: string): Promise<void> {
  const wave = await deps.repo.getWave(waveId);
  const place = wave && (await whereAdminPostsGo(deps, { purpose: 'wave', wave }));
  if (!wave || !place) {
    deps.logger.info({ waveId }, 'no admin conversation for this wave; digest not posted');
    return;
  }
  const digest = await readWaveDigest(deps.repo, waveId);
  const card = composeDigestCard({ wave, digest, config: deps.config, locale: wave.locale });
  const { reference } = place;
  const activity = { type: 'message', attachments: [card] };
  const existing = await deps.repo.digestActivity(waveId);
  if (existing) {
    try {
      await deps.outbox.update(reference, existing, activity);
      return;
    } catch (error) {
      deps.logger.warn({ waveId, err: (error as Error).message }, 'digest update failed; posting a new one');
    }
  }
  const activityId = await deps.outbox.send(reference, activity);
  await deps.repo.saveDigestActivity(waveId, activityId);
}
