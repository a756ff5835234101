import { type Worker as BullWorker, type Job, Worker } from 'bullmq';
import { composeMessageCard } from '../cards/compose';
import { listRegistrationDetails, registrationFilter } from '../graph/registration-details';
import { hasStrongMethod } from '../rollout/directory';
import { BEFORE_READY } from '../rollout/user-state';
import { failDelivery } from './awareness-delivery';
import type { RolloutDeps } from './deps';
import { runEffects } from './effects';
import { userJobId } from './job-schemas';
import { deliveryRetries, JOB_RETENTION, QUEUE_NAMES } from './queues';
import { scheduleDigest } from './ready';
import { escalateWave, fanOutReminders } from './reminders';
import { writeToUserChat } from './user-chat';

const SCHEDULER_ID = 'registration-sweep';

/** Registers (or moves) the periodic sweep; idempotent, so every process may call it at start. */
export async function scheduleRegistrationSweep(deps: RolloutDeps): Promise<void> {
  await deps.queues.sweeps.upsertJobScheduler(
    SCHEDULER_ID,
    { every: deps.config.REGISTRATION_SWEEP_MINUTES * 60 * 1000 },
    { name: 'registration-sweep', data: {}, opts: { removeOnComplete: 50, removeOnFail: 50 } },
  );
}

export function startSweepWorker(
  deps: RolloutDeps,
  connection: BullWorker['opts']['connection'],
  prefix: string,
) {
  // One sweep at a time: the report API allows 5 requests per 10 s for the whole tenant.
  const worker = new Worker(QUEUE_NAMES.sweeps, (job) => processSweepJob(deps, job), {
    connection,
    prefix,
    concurrency: 1,
  });
  worker.on('failed', (job, error) =>
    deps.logger.warn({ jobId: job?.id, err: error.message }, 'registration sweep failed'),
  );
  return worker;
}

/** The sweeps queue holds the periodic registration sweep and each wave's reminder and deadline jobs. */
export async function processSweepJob(deps: RolloutDeps, job: Job): Promise<number> {
  switch (job.name) {
    case 'wave-remind':
      return fanOutReminders(deps, job);
    case 'wave-escalate':
      return escalateWave(deps, job);
    default:
      return sweepRegistrations(deps, job);
  }
}

/**
 * Reads the registration report once for the whole tenant (paged, filtered on MFA-registered users,
 * not one call per user) and moves every pending wave user who registered the Authenticator app,
 * a passkey or FIDO2 to ready. Each of them is thanked in chat through the outreach queue.
 */
export async function sweepRegistrations(deps: RolloutDeps, _job?: Job): Promise<number> {
  const waves = (await deps.repo.listWaves(100)).filter((wave) => wave.status === 'active');
  if (!waves.length) return 0;
  const pendingByUser = new Map<string, string[]>();
  for (const wave of waves) {
    for (const status of BEFORE_READY) {
      for (const userId of await deps.repo.userIdsWithStatus(wave.id, status, Number.MAX_SAFE_INTEGER)) {
        pendingByUser.set(userId, [...(pendingByUser.get(userId) ?? []), wave.id]);
      }
    }
  }
  if (!pendingByUser.size) return 0;
  let moved = 0;
  const filter = registrationFilter({ flags: { isMfaRegistered: true } });
  for await (const page of listRegistrationDetails(deps.graph, { filter, pageSize: 999 })) {
    for (const facts of page.facts) {
      const waveIds = pendingByUser.get(facts.userId);
      if (!waveIds || !hasStrongMethod(facts.methodsRegistered)) continue;
      for (const waveId of waveIds) {
        const applied = await deps.repo.apply(
          waveId,
          facts.userId,
          { type: 'strong-method-registered' },
          'registration-sweep',
        );
        if (!applied.result.ok) continue;
        moved += 1;
        await runEffects(deps, waveId, facts.userId, applied.result.effects);
        await scheduleDigest(deps, waveId);
        await deps.queues.outreach.add(
          'thank',
          { waveId, userId: facts.userId },
          {
            ...JOB_RETENTION,
            jobId: userJobId('thank', waveId, facts.userId),
            ...deliveryRetries(deps.config),
          },
        );
      }
    }
  }
  if (moved) deps.logger.info({ moved }, 'registration sweep moved users to ready');
  return moved;
}

/** Thanks the user in place of their awareness card, so the old buttons cannot be pressed any more. */
export async function thankForStrongMethod(deps: RolloutDeps, worker: BullWorker, job: Job): Promise<string> {
  const { waveId, userId } = job.data as { waveId: string; userId: string };
  const record = await deps.repo.getUser(waveId, userId);
  if (record?.status !== 'ready') return 'skipped';
  const card = composeMessageCard('strongMethodThanks', { config: deps.config, locale: record.locale });
  const activity = { type: 'message', attachments: [card] };
  try {
    // In a new chat the awareness card is not there to replace: the thanks come as a new message.
    await writeToUserChat(deps, record, async (reference, newChat) => {
      if (record.activityId && !newChat) await deps.outbox.update(reference, record.activityId, activity);
      else await deps.outbox.send(reference, activity);
    });
  } catch (error) {
    return await failDelivery(deps, worker, job, error, async (outcome) => {
      deps.logger.info({ waveId, userId, reason: outcome.reason }, 'could not thank user');
    });
  }
  return 'thanked';
}
