import type { RolloutJobs } from '../app/jobs';
import type { Config } from '../config';
import { MAX_SNOOZES } from '../rollout/reminder-policy';
import { ENFORCE_JOBS, OUTREACH_JOBS, READY_JOBS, SWEEPS_JOBS, WAVE_PLAN_JOBS } from './job-names';
import { userJobId } from './job-schemas';
import { deliveryRetries, JOB_RETENTION, type RolloutQueues } from './queues';

/** Ready users trickle in; the digest is refreshed at most once per window instead of once per user. */
export const DIGEST_WINDOW_MS = 1500;
const SWEEP_SCHEDULER_ID = 'registration-sweep';
const VERIFY_SCHEDULER_ID = 'verify-enforcement';

/**
 * The use cases' jobs port on BullMQ. Job ids make a repeat harmless (a user's first card, reminder
 * `n` or thanks is queued once per wave), and every job that writes to Teams carries the delivery
 * retries (jittered exponential backoff; the last failure is final).
 */
export class BullRolloutJobs implements RolloutJobs {
  constructor(
    private readonly queues: RolloutQueues,
    private readonly config: Pick<Config, 'DELIVERY_ATTEMPTS' | 'DELIVERY_RETRY_BASE_MS'>,
    private readonly now: () => Date,
  ) {}

  private get delivery() {
    return { ...JOB_RETENTION, ...deliveryRetries(this.config) };
  }

  async expandWave(waveId: string, options: { csvChunkSize?: number } = {}): Promise<void> {
    await this.queues.wavePlan.add(
      WAVE_PLAN_JOBS.expand,
      {
        waveId,
        pagesDone: 0,
        csvOffset: 0,
        ...(options.csvChunkSize ? { chunkSize: options.csvChunkSize } : {}),
      },
      { jobId: `expand__${waveId}`, attempts: 10, backoff: { type: 'exponential', delay: 2000 } },
    );
  }

  async checkWaveStart(requestId: string): Promise<void> {
    await this.queues.wavePlan.add(
      WAVE_PLAN_JOBS.start,
      { requestId },
      { jobId: `start__${requestId}`, attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
    );
  }

  async sendFirstCards(waveId: string, userIds: readonly string[]): Promise<void> {
    await this.queues.outreach.addBulk(
      userIds.map((userId) => ({
        name: OUTREACH_JOBS.firstCard,
        data: { waveId, userId },
        opts: { ...this.delivery, jobId: userJobId('outreach', waveId, userId) },
      })),
    );
  }

  async scheduleWaveReminders(waveId: string, reminders: readonly Date[], deadline: Date): Promise<void> {
    const now = this.now().getTime();
    await this.queues.sweeps.addBulk([
      ...reminders.map((at, n) => ({
        name: SWEEPS_JOBS.waveReminder,
        data: { waveId, n },
        opts: { jobId: `wave-remind${n}__${waveId}`, delay: at.getTime() - now, attempts: 5 },
      })),
      {
        name: SWEEPS_JOBS.waveDeadline,
        data: { waveId },
        opts: {
          jobId: `wave-escalate__${waveId}`,
          delay: Math.max(0, deadline.getTime() - now),
          attempts: 5,
        },
      },
    ]);
  }

  async sendReminders(waveId: string, n: number, userIds: readonly string[]): Promise<void> {
    await this.queues.outreach.addBulk(
      userIds.map((userId) => ({
        name: OUTREACH_JOBS.reminder,
        data: { waveId, userId, kind: 'scheduled', n },
        opts: { ...this.delivery, jobId: userJobId(`remind${n}`, waveId, userId) },
      })),
    );
  }

  async remindAfterSnooze(waveId: string, userId: string, n: number, delayMs: number): Promise<void> {
    await this.queues.outreach.add(
      OUTREACH_JOBS.reminder,
      { waveId, userId, kind: 'snooze', n },
      { ...this.delivery, jobId: userJobId(`snooze${n}`, waveId, userId), delay: delayMs },
    );
  }

  async cancelSnoozeReminders(waveId: string, userId: string): Promise<void> {
    for (let n = 1; n <= MAX_SNOOZES; n++) {
      try {
        await this.queues.outreach.remove(userJobId(`snooze${n}`, waveId, userId));
      } catch {
        // A job running right now cannot be removed; its own state check stops it.
      }
    }
  }

  async notifyManager(waveId: string, userId: string): Promise<void> {
    await this.queues.outreach.add(
      OUTREACH_JOBS.managerNotice,
      { waveId, userId },
      { ...this.delivery, jobId: userJobId('manager', waveId, userId) },
    );
  }

  async thank(waveId: string, userId: string): Promise<void> {
    await this.queues.outreach.add(
      OUTREACH_JOBS.thanks,
      { waveId, userId },
      { ...this.delivery, jobId: userJobId('thank', waveId, userId) },
    );
  }

  async markReady(waveId: string, userId: string): Promise<void> {
    await this.queues.ready.add(
      READY_JOBS.markReady,
      { waveId, userId },
      {
        ...JOB_RETENTION,
        jobId: userJobId('ready', waveId, userId),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
      },
    );
  }

  async refreshDigest(waveId: string): Promise<void> {
    await this.queues.ready.add(
      READY_JOBS.digest,
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

  async enforce(planId: string): Promise<void> {
    const job = await this.queues.enforce.add(
      ENFORCE_JOBS.runPlan,
      { planId, offset: 0 },
      {
        ...JOB_RETENTION,
        jobId: `enforce__${planId}`,
        // Graph outages and throttling pass; the cursor and the per-user progress make a retry resume.
        attempts: 20,
        backoff: { type: 'exponential', delay: 5000, jitter: 0.5 },
      },
    );
    // Asked again for a plan whose job gave up (a long Graph outage): it resumes from its cursor.
    if ((await job.getState()) === 'failed') await job.retry('failed');
  }

  /** Registers (or moves) the periodic registration sweep; idempotent, so every process may call it. */
  async scheduleRegistrationSweep(everyMs: number): Promise<void> {
    await this.queues.sweeps.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: everyMs },
      { name: SWEEPS_JOBS.registrationSweep, data: {}, opts: { removeOnComplete: 50, removeOnFail: 50 } },
    );
  }

  /** The Verify check of enforced users, every `everyMs`, once for the whole fleet. */
  async scheduleEnforcementVerify(everyMs: number): Promise<void> {
    await this.queues.sweeps.upsertJobScheduler(
      VERIFY_SCHEDULER_ID,
      { every: everyMs },
      { name: SWEEPS_JOBS.verifyEnforcement, data: {}, opts: { removeOnComplete: 50, removeOnFail: 50 } },
    );
  }
}
