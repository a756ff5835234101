import { z } from 'zod';

/**
 * Job payloads are a trust boundary (anything that can write to Redis can enqueue) and they sit in
 * Redis in clear text: ids only, never a phone number or a token.
 */
const id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s:]+$/, 'ids in job data contain no spaces or colons');

export const expandWaveJob = z.object({
  waveId: id,
  /** Where a resumed expansion picks up: the @odata.nextLink of the next page to read. */
  nextLink: z.string().url().optional(),
  pagesDone: z.number().int().min(0).default(0),
});
export type ExpandWaveJob = z.infer<typeof expandWaveJob>;

/** A wave start asked for in chat; the request itself is stored (WaveStartRequests). */
export const waveStartJob = z.object({ requestId: id });
export type WaveStartJob = z.infer<typeof waveStartJob>;

export const outreachJob = z.object({ waveId: id, userId: id });
export type OutreachJob = z.infer<typeof outreachJob>;

export const readyJob = z.object({ waveId: id, userId: id });
export type ReadyJob = z.infer<typeof readyJob>;

export const digestJob = z.object({ waveId: id });
export type DigestJob = z.infer<typeof digestJob>;

/** BullMQ job ids must not contain ':'; wave and user ids never do (checked above). */
export function userJobId(kind: string, waveId: string, userId: string): string {
  return `${kind}__${waveId}__${userId}`;
}
