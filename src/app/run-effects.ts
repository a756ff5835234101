import { assertNever } from '../rollout/assert-never';
import type { RolloutEffect } from '../rollout/transitions';
import type { RolloutDeps } from './deps';

/** Carries out what the domain core asked for after a transition was stored. */
export async function runEffects(
  deps: RolloutDeps,
  waveId: string,
  userId: string,
  effects: readonly RolloutEffect[],
): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case 'enqueue-ready':
        await deps.jobs.markReady(waveId, userId);
        break;
      case 'notify-admins':
        // The admin digest names the users an admin may have to act on: one refresh covers them all.
        await deps.jobs.refreshDigest(waveId);
        break;
      case 'cancel-reminders':
        await deps.jobs.cancelSnoozeReminders(waveId, userId);
        break;
      default:
        assertNever(effect, 'rollout effect');
    }
  }
}
