/**
 * Every queue and job name, typed. Each worker dispatches on its queue's names with an exhaustive
 * `switch`; a name that is not here is refused (refuse-unknown-job.ts), never run as something else.
 * The values are stored with every job in Redis: changing one strands the jobs already queued.
 */
export const QUEUE_NAMES = {
  wavePlan: 'wave-plan',
  outreach: 'outreach',
  ready: 'ready',
  sweeps: 'sweeps',
  /**
   * Enforcement runs on its own queue: a plan's job is long (paced by Graph's identity write limit)
   * and must not hold up the ready queue's digest refreshes, which run one at a time.
   */
  enforce: 'enforce',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const WAVE_PLAN_JOBS = {
  /** A wave start asked for in chat: checked (group, overlap) off the chat turn, answered in the chat. */
  start: 'start',
  /** A created wave's users read and queued for outreach. */
  expand: 'expand',
} as const;

/** Every message to a user goes through the outreach queue, so one limiter paces them all. */
export const OUTREACH_JOBS = {
  firstCard: 'awareness',
  reminder: 'remind',
  thanks: 'thank',
  managerNotice: 'notify-manager',
} as const;

export const READY_JOBS = {
  markReady: 'mark-ready',
  digest: 'post-digest',
} as const;

/** The sweeps queue: the periodic registration sweep and each wave's reminder and deadline jobs. */
export const SWEEPS_JOBS = {
  registrationSweep: 'registration-sweep',
  waveReminder: 'wave-remind',
  waveDeadline: 'wave-escalate',
  /** Verify: enforced users read back (methods left, still enforced), the admins told of a loss. */
  verifyEnforcement: 'verify-enforcement',
} as const;

/** The enforce queue: one resumable job per started plan. */
export const ENFORCE_JOBS = {
  runPlan: 'enforce-plan',
} as const;

export type JobNameOf<T extends Record<string, string>> = T[keyof T];
