import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { z } from 'zod';
import { composeMessageCard } from '../cards/compose';
import { getManager } from '../graph/users';
import { AWAITING_ANSWER } from '../rollout/user-state';
import { reminderTimes } from '../rollout/wave';
import { sendToConversation, updateActivityInConversation } from '../teams/messenger';
import { conversationFor, failDelivery, MAX_SNOOZES, sendFreshAwarenessCard } from './awareness-delivery';
import type { RolloutDeps } from './deps';
import { runEffects } from './effects';
import { userJobId } from './job-schemas';
import { JOB_RETENTION } from './queues';

/**
 * Reminders, snoozes and escalations are delayed jobs in the outreach queue: they share its rate
 * limiter with first cards. Each job checks the user's state when it fires, so a user who answered
 * in the meantime is never reminded, whether or not the cancellation below reached the job.
 */
const reminderJob = z.object({
  waveId: z.string().min(1),
  userId: z.string().min(1),
  kind: z.enum(['scheduled', 'snooze']),
  n: z.number().int().min(0),
});
const escalationJob = z.object({ waveId: z.string().min(1), userId: z.string().min(1) });

const DELIVERY_RETRIES = { attempts: 8, backoff: { type: 'exponential' as const, delay: 2000, jitter: 0.5 } };
const SCHEDULED_REMINDERS_MAX = 3;

function reminderJobIds(waveId: string, userId: string): string[] {
  return [
    ...Array.from({ length: SCHEDULED_REMINDERS_MAX }, (_, n) => userJobId(`remind${n}`, waveId, userId)),
    ...Array.from({ length: MAX_SNOOZES + 1 }, (_, n) => userJobId(`snooze${n}`, waveId, userId)),
    userJobId('escalate', waveId, userId),
  ];
}

export async function scheduleReminders(deps: RolloutDeps, waveId: string, userId: string): Promise<void> {
  const wave = await deps.repo.getWave(waveId);
  if (!wave) return;
  const now = deps.now();
  const deadline = new Date(wave.deadline);
  const reminders = reminderTimes(now, deadline)
    .slice(0, SCHEDULED_REMINDERS_MAX)
    .map((at, n) => ({
      name: 'remind',
      data: { waveId, userId, kind: 'scheduled', n },
      opts: {
        ...JOB_RETENTION,
        ...DELIVERY_RETRIES,
        jobId: userJobId(`remind${n}`, waveId, userId),
        delay: at.getTime() - now.getTime(),
      },
    }));
  const escalation = {
    name: 'escalate',
    data: { waveId, userId },
    opts: {
      ...JOB_RETENTION,
      ...DELIVERY_RETRIES,
      jobId: userJobId('escalate', waveId, userId),
      delay: Math.max(0, deadline.getTime() - now.getTime()),
    },
  };
  await deps.queues.outreach.addBulk([...reminders, escalation]);
}

export async function cancelReminders(deps: RolloutDeps, waveId: string, userId: string): Promise<void> {
  for (const jobId of reminderJobIds(waveId, userId)) {
    try {
      await deps.queues.outreach.remove(jobId);
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
      ...DELIVERY_RETRIES,
      jobId: userJobId(`snooze${n}`, waveId, userId),
      delay: deps.config.SNOOZE_HOURS * 3600 * 1000,
    },
  );
  return { ok: true, snoozesLeft: MAX_SNOOZES - n };
}

/** Sends the card again (fresh token) and retires the previous card so only the newest one acts. */
export async function processReminder(deps: RolloutDeps, worker: Worker, job: Job): Promise<string> {
  const { waveId, userId } = reminderJob.parse(job.data);
  const record = await deps.repo.getUser(waveId, userId);
  if (!record || !AWAITING_ANSWER.includes(record.status)) return 'skipped';
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
  if (record.activityId && applied.result.ok) {
    const notice = composeMessageCard('cardReplaced', { config: deps.config, locale: record.locale });
    try {
      await updateActivityInConversation(
        deps.adapter,
        deps.config.BOT_ID,
        sent.reference,
        record.activityId,
        {
          type: 'message',
          attachments: [notice],
        },
      );
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

/** At the deadline, a user who never answered becomes unresponsive: admins see it, the manager may be told. */
export async function processEscalation(deps: RolloutDeps, worker: Worker, job: Job): Promise<string> {
  const { waveId, userId } = escalationJob.parse(job.data);
  if (job.name === 'escalate') {
    const applied = await deps.repo.apply(waveId, userId, { type: 'escalated' }, 'bot');
    if (!applied.result.ok) return 'skipped';
    await runEffects(deps, waveId, userId, applied.result.effects);
    if (!deps.config.ESCALATE_TO_MANAGER) return 'escalated';
    // Told in a job of its own, so a failed message to the manager is retried without escalating twice.
    await deps.queues.outreach.add(
      'notify-manager',
      { waveId, userId },
      { ...JOB_RETENTION, ...DELIVERY_RETRIES, jobId: userJobId('manager', waveId, userId) },
    );
    return 'escalated';
  }
  const [record, wave, manager] = await Promise.all([
    deps.repo.getUser(waveId, userId),
    deps.repo.getWave(waveId),
    getManager(deps.graph, userId),
  ]);
  if (!record || !wave || !manager || record.status !== 'unresponsive') return 'skipped';
  try {
    const reference = await conversationFor(deps, { userId: manager.id });
    const card = composeMessageCard('managerEscalation', {
      config: deps.config,
      locale: manager.preferredLanguage,
      params: { name: record.displayName, wave: wave.name },
    });
    await sendToConversation(deps.adapter, deps.config.BOT_ID, reference, {
      type: 'message',
      attachments: [card],
    });
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
