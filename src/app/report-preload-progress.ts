import type { RolloutDeps } from './deps';
import type { PreloadRun } from './preload-run';
import { preloadRunView } from './preload-teams-wiring';
import { showPreloadProgress } from './show-preload-progress';

/**
 * Called by the apply after every chunk and once at the end: the run's progress goes to the log
 * (counts only). The Teams side extends this to update the run's card in place (`run.card`).
 */
export async function reportPreloadProgress(deps: RolloutDeps, run: PreloadRun): Promise<void> {
  deps.logger.info(
    {
      preloadId: run.id,
      status: run.status,
      processed: run.processed,
      toApply: run.toApply,
      outcomes: run.outcomes,
    },
    run.status === 'done' ? 'phone preload applied' : 'phone preload progress',
  );
  // Sent from Teams: the card in the admin's chat follows, in place.
  if (run.card) await showPreloadProgress(deps, preloadRunView(run));
}
