import { MAX_SNOOZES } from '../rollout/reminder-policy';
import type { RolloutDeps } from './deps';

export type SnoozeResult = { ok: true; snoozesLeft: number } | { ok: false; reason: 'limit' | 'not-allowed' };

/** "Remind me tomorrow": at most MAX_SNOOZES times; the card comes back after SNOOZE_HOURS. */
export async function snoozeUser(deps: RolloutDeps, waveId: string, userId: string): Promise<SnoozeResult> {
  const applied = await deps.repo.apply(waveId, userId, { type: 'snoozed', maxSnoozes: MAX_SNOOZES }, userId);
  if (!applied.result.ok) {
    return { ok: false, reason: applied.record.snoozes >= MAX_SNOOZES ? 'limit' : 'not-allowed' };
  }
  const n = applied.record.snoozes;
  await deps.jobs.remindAfterSnooze(waveId, userId, n, deps.config.SNOOZE_HOURS * 3600 * 1000);
  return { ok: true, snoozesLeft: MAX_SNOOZES - n };
}
