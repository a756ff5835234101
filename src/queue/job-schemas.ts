import { z } from 'zod';
import { CSV_DEFAULT_CHUNK } from '../app/expand-csv-rows';

/**
 * Every job payload, checked when a worker takes the job: payloads are a trust boundary (anything
 * that can write to Redis can enqueue) and sit in Redis in clear text, so they hold ids only,
 * never a phone number or a token.
 */
const id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s:]+$/, 'ids in job data contain no spaces or colons');

/** wave-plan `expand`: a wave's users read and queued; the cursor says where a resumed job picks up. */
export const expandWaveJob = z.object({
  waveId: id,
  /** Group waves: the @odata.nextLink of the next page to read. */
  nextLink: z.string().url().optional(),
  pagesDone: z.number().int().min(0).default(0),
  /** CSV waves: stored rows already expanded, and rows per step. */
  csvOffset: z.number().int().min(0).default(0),
  chunkSize: z.number().int().min(1).max(5000).default(CSV_DEFAULT_CHUNK),
});
export type ExpandWaveJob = z.infer<typeof expandWaveJob>;

/** wave-plan `start`: a wave start asked for in chat; the request itself is stored (WaveStartRequests). */
export const waveStartJob = z.object({ requestId: id });

/** outreach `awareness`, `thank`, `notify-manager`; ready `mark-ready`. */
export const userJob = z.object({ waveId: id, userId: id });
export type UserJob = z.infer<typeof userJob>;

/** outreach `remind`: a wave's reminder `n`, or the card again after snooze `n`. */
export const reminderJob = z.object({
  waveId: id,
  userId: id,
  kind: z.enum(['scheduled', 'snooze']),
  n: z.number().int().min(0),
});

/** ready `post-digest`, sweeps `wave-escalate`. */
export const waveJob = z.object({ waveId: id });

/** sweeps `wave-remind`: reminder `n` of a wave came due. */
export const waveReminderJob = z.object({ waveId: id, n: z.number().int().min(0).default(0) });

/** sweeps `registration-sweep`: no data. */
export const registrationSweepJob = z.object({}).strict();

/** enforce `enforce-plan`: a started plan; `offset` = planned users already gone through (the cursor). */
export const enforcePlanJob = z.object({
  planId: id,
  offset: z.number().int().min(0).default(0),
});
export type EnforcePlanJob = z.infer<typeof enforcePlanJob>;

/** sweeps `verify-enforcement`: no data. */
export const verifyEnforcementJob = z.object({}).strict();

/** BullMQ job ids must not contain ':'; wave and user ids never do (checked above). */
export function userJobId(kind: string, waveId: string, userId: string): string {
  return `${kind}__${waveId}__${userId}`;
}
