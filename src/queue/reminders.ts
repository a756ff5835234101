import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { z } from 'zod';
import { composeMessageCard } from '../cards/compose';
import { getManager } from '../graph/users';
import { AWAITING_ANSWER, type UserStatus } from '../rollout/user-state';
import { reminderTimes, type Wave } from '../rollout/wave';
import { failDelivery, MAX_SNOOZES, sendFreshAwarenessCard } from './awareness-delivery';
import type { RolloutDeps } from './deps';
import { runEffects } from './effects';
import { userJobId } from './job-schemas';
import { deliveryRetries, JOB_RETENTION } from './queues';
import { writeToUserChat } from './user-chat';

/**
 * Reminders and escalations are scheduled per wave, not per user: a 100,000-user wave holds a handful
 * of delayed jobs instead of 400,000. When one fires, it fans out to the users still awaiting an
 * answer at that moment. The per-user jobs it creates (and snooze jobs) sit in the outreach queue, so
 * they share its rate limiter with first cards, and each checks the user's state when it runs.
 */
const reminderJob = z.object({
  waveId: z.string().min(1),
  userId: z.string().min(1),
  kind: z.enum(['scheduled', 'snooze']),
  n: z.number().int().min(0),
});
const waveJob = z.object({ waveId: z.string().min(1), n: z.number().int().min(0).optional() });
const managerJob = z.object({ waveId: z.string().min(1), userId: z.string().min(1) });

/** Users the wave-level reminder reaches; snoozed users are reminded by their own snooze job. */
const REMINDED: readonly UserStatus[] = ['notified', 'no-phone', 'corrected'];
const FAN_OUT_CHUNK = 1000;

export async function scheduleWaveReminders(deps: RolloutDeps, wave: Wave): Promise<void> {
  const now = deps.now();
  const deadline = new Date(wave.deadline);
  const reminders = reminderTimes(now, deadline).map((at, n) => ({
    name: 'wave-remind',
    data: { waveId: wave.id, n },
    opts: { jobId: `wave-remind${n}__${wave.id}`, delay: at.getTime() - now.getTime(), attempts: 5 },
  }));
  const escalation = {
    name: 'wave-escalate',
    data: { waveId: wave.id },
    opts: {
      jobId: `wave-escalate__${wave.id}`,
      delay: Math.max(0, deadline.getTime() - now.getTime()),
      attempts: 5,
    },
  };
  await deps.queues.sweeps.addBulk([...reminders, escalation]);
}

/** Queues one reminder per user still owing an answer. Job ids dedupe a fan-out that is run twice. */
export async function fanOutReminders(deps: RolloutDeps, job: Job): Promise<number> {
  const { waveId, n = 0 } = waveJob.parse(job.data);
  let queued = 0;
  for (const status of REMINDED) {
    const userIds = await deps.repo.userIdsWithStatus(waveId, status, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < userIds.length; i += FAN_OUT_CHUNK) {
      const jobs = userIds.slice(i, i + FAN_OUT_CHUNK).map((userId) => ({
        name: 'remind',
        data: { waveId, userId, kind: 'scheduled', n },
        opts: {
          ...JOB_RETENTION,
          ...deliveryRetries(deps.config),
          jobId: userJobId(`remind${n}`, waveId, userId),
        },
      }));
      await deps.queues.outreach.addBulk(jobs);
      queued += jobs.length;
    }
  }
  return queued;
}

/** At the deadline, every user who never answered becomes unresponsive: admins see it, managers may be told. */
export async function escalateWave(deps: RolloutDeps, job: Job): Promise<number> {
  const { waveId } = waveJob.parse(job.data);
  let escalated = 0;
  for (const status of AWAITING_ANSWER) {
    for (const userId of await deps.repo.userIdsWithStatus(waveId, status, Number.MAX_SAFE_INTEGER)) {
      const applied = await deps.repo.apply(waveId, userId, { type: 'escalated' }, 'bot');
      if (!applied.result.ok) continue;
      escalated += 1;
      await runEffects(deps, waveId, userId, applied.result.effects);
      if (deps.config.ESCALATE_TO_MANAGER) {
        // A job of its own: a failed message to the manager is retried without escalating twice.
        await deps.queues.outreach.add(
          'notify-manager',
          { waveId, userId },
          { ...JOB_RETENTION, ...deliveryRetries(deps.config), jobId: userJobId('manager', waveId, userId) },
        );
      }
    }
  }
  return escalated;
}

/** Removes the snooze reminders of a user who answered; the jobs would skip them anyway. */
export async function cancelReminders(deps: RolloutDeps, waveId: string, userId: string): Promise<void> {
  for (let n = 1; n <= MAX_SNOOZES; n++) {
    try {
      await deps.queues.outreach.remove(userJobId(`snooze${n}`, waveId, userId));
    } catch {
      // A job running right now cannot be removed; its own state check stops it.
    }
  }
}

export type SnoozeResult = { ok: true; snoozesLeft: number } | { ok: false; reason: 'limit' | 'not-allowed' };

/** "Remind me tomorrow": at most MAX_SNOOZES times, as Entra's registration campaign allows. */
export async function snoozeUser(deps: RolloutDeps, waveId: string, userId: string): Promise<SnoozeResult> {
  const applied = await deps.repo.apply(waveId, userId, { type: 'snoozed', maxSnoozes: MAX_SNOOZES }, userId);
  if (!applied.result.ok) {
    return { ok: false, reason: applied.record.snoozes >= MAX_SNOOZES ? 'limit' : 'not-allowed' };
  }
  const n = applied.record.snoozes;
  await deps.queues.outreach.add(
    'remind',
    { waveId, userId, kind: 'snooze', n },
    {
      ...JOB_RETENTION,
      ...deliveryRetries(deps.config),
      jobId: userJobId(`snooze${n}`, waveId, userId),
      delay: deps.config.SNOOZE_HOURS * 3600 * 1000,
    },
  );
  return { ok: true, snoozesLeft: MAX_SNOOZES - n };
}

/** Sends the card again (fresh token) and retires the previous card so only the newest one acts. */
export async function processReminder(deps: RolloutDeps, worker: Worker, job: Job): Promise<string> {
  const { waveId, userId, kind } = reminderJob.parse(job.data);
  const record = await deps.repo.getUser(waveId, userId);
  const due = kind === 'snooze' ? record?.status === 'snoozed' : record && REMINDED.includes(record.status);
  if (!record || !due) return 'skipped';
  const wave = await deps.repo.getWave(waveId);
  if (!wave) throw new UnrecoverableError(`wave ${waveId} no longer exists`);
  let sent: Awaited<ReturnType<typeof sendFreshAwarenessCard>>;
  try {
    sent = await sendFreshAwarenessCard(deps, record, wave);
  } catch (error) {
    return await failDelivery(deps, worker, job, error, async (outcome) => {
      await deps.audit.append({
        at: deps.now().toISOString(),
        actor: 'bot',
        action: 'reminder-undeliverable',
        waveId,
        userId,
        detail: outcome.reason,
      });
    });
  }
  const applied = await deps.repo.apply(
    waveId,
    userId,
    { type: 'reminded', activityId: sent.activityId, cardId: sent.cardId },
    'bot',
  );
  // A card in a chat Teams no longer has cannot be retired, and nobody can see it any more.
  if (record.activityId && applied.result.ok && !sent.newChat) {
    const notice = composeMessageCard('cardReplaced', { config: deps.config, locale: record.locale });
    try {
      await deps.outbox.update(sent.reference, record.activityId, {
        type: 'message',
        attachments: [notice],
      });
    } catch (error) {
      // The old card's token is refused anyway (stale card id); a failed cosmetic update is fine.
      deps.logger.info(
        { waveId, userId, err: (error as Error).message },
        'could not retire the previous card',
      );
    }
  }
  return applied.result.ok ? 'reminded' : 'skipped';
}

/** Tells the manager of a user who became unresponsive, in the manager's language. */
export async function notifyManager(deps: RolloutDeps, worker: Worker, job: Job): Promise<string> {
  const { waveId, userId } = managerJob.parse(job.data);
  const [record, wave, manager] = await Promise.all([
    deps.repo.getUser(waveId, userId),
    deps.repo.getWave(waveId),
    getManager(deps.graph, userId),
  ]);
  if (!record || !wave || !manager || record.status !== 'unresponsive') return 'skipped';
  try {
    const card = composeMessageCard('managerEscalation', {
      config: deps.config,
      locale: manager.preferredLanguage,
      params: { name: record.displayName, wave: wave.name },
    });
    await writeToUserChat(deps, { waveId, userId: manager.id }, (reference) =>
      deps.outbox.send(reference, { type: 'message', attachments: [card] }),
    );
  } catch (error) {
    return await failDelivery(deps, worker, job, error, async (outcome) => {
      deps.logger.info({ waveId, userId, reason: outcome.reason }, 'manager could not be told');
    });
  }
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: 'bot',
    action: 'manager-notified',
    waveId,
    userId,
    detail: `manager ${manager.id}`,
  });
  return 'manager-notified';
}
