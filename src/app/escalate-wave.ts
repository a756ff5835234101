import { AWAITING_ANSWER } from '../rollout/user-state';
import type { RolloutDeps } from './deps';
import { runEffects } from './run-effects';

/** At the deadline, every user who never answered becomes unresponsive: admins see it, managers may be told. */
export async function escalateWave(deps: RolloutDeps, waveId: string): Promise<number> {
  let escalated = 0;
  for (const status of AWAITING_ANSWER) {
    for (const userId of await deps.repo.userIdsWithStatus(waveId, status, Number.MAX_SAFE_INTEGER)) {
      const applied = await deps.repo.apply(waveId, userId, { type: 'escalated' }, 'bot');
      if (!applied.result.ok) continue;
      escalated += 1;
      await runEffects(deps, waveId, userId, applied.result.effects);
      // A job of its own: a failed message to the manager is retried without escalating twice.
      if (deps.config.ESCALATE_TO_MANAGER) await deps.jobs.notifyManager(waveId, userId);
    }
  }
  return escalated;
}
