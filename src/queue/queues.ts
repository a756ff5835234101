import { type ConnectionOptions, Queue } from 'bullmq';
import { QUEUE_NAMES } from './job-names';

export interface RolloutQueues {
  wavePlan: Queue;
  outreach: Queue;
  ready: Queue;
  /** Periodic work (registration sweep), driven by BullMQ job schedulers. */
  sweeps: Queue;
  /** Enforcement plans, one job each. */
  enforce: Queue;
  close(): Promise<void>;
}

/** Finished jobs are kept a while for inspection, never forever (a 100k wave would fill Redis). */
export const JOB_RETENTION = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 50_000 },
};

/**
 * Retries of a job that talks to Teams: jittered exponential backoff, a bounded number of attempts
 * (the last failure marks the user unreachable). 429s are not attempts: they pause the queue.
 */
export function deliveryRetries(config: { DELIVERY_ATTEMPTS: number; DELIVERY_RETRY_BASE_MS: number }) {
  return {
    attempts: config.DELIVERY_ATTEMPTS,
    backoff: { type: 'exponential' as const, delay: config.DELIVERY_RETRY_BASE_MS, jitter: 0.5 },
  };
}

export function createQueues(connection: ConnectionOptions, prefix: string): RolloutQueues {
  const options = { connection, prefix, defaultJobOptions: JOB_RETENTION };
  const wavePlan = new Queue(QUEUE_NAMES.wavePlan, options);
  const outreach = new Queue(QUEUE_NAMES.outreach, options);
  const ready = new Queue(QUEUE_NAMES.ready, options);
  const sweeps = new Queue(QUEUE_NAMES.sweeps, options);
  const enforce = new Queue(QUEUE_NAMES.enforce, options);
  return {
    wavePlan,
    outreach,
    ready,
    sweeps,
    enforce,
    close: async () => {
      await Promise.all([wavePlan.close(), outreach.close(), ready.close(), sweeps.close(), enforce.close()]);
    },
  };
}
