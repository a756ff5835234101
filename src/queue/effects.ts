import type { RolloutEffect } from '../rollout/transitions';
import type { RolloutDeps } from './deps';
import { userJobId } from './job-schemas';
import { JOB_RETENTION } from './queues';
import { scheduleDigest } from './ready';
import { cancelReminders } from './reminders';

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
        await deps.queues.ready.add(
          'mark-ready',
          { waveId, userId },
          {
            ...JOB_RETENTION,
            jobId: userJobId('ready', waveId, userId),
            attempts: 5,
            backoff: { type: 'exponential', delay: 1000 },
          },
        );
        break;
      case 'notify-admins':
        // The admin digest names the users an admin may have to act on: one refresh covers them all.
        await scheduleDigest(deps, waveId);
        break;
      case 'cancel-reminders':
        await cancelReminders(deps, waveId, userId);
        break;
    }
  }
}
