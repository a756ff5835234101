import type { PreloadDecision, PreloadOutcome } from '../rollout/preload-plan';
import type { PreloadActor, PreloadSourceInfo, PreloadStatus } from '../store/preload-runs';
import type { RolloutDeps } from './deps';

/** A phone preload as the Teams card and the CLI show it: the dry run, then the apply's progress. */
export interface PreloadRun {
  id: string;
  status: PreloadStatus;
  source: PreloadSourceInfo;
  requestedBy: PreloadActor;
  appliedBy?: PreloadActor;
  overwrite: boolean;
  createdAt: string;
  /** The dry run can be applied until then. */
  expiresAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Rows of the dry run, by decision. */
  total: number;
  counts: Record<PreloadDecision, number>;
  /** Rows the apply works on. */
  toApply: number;
  /** Of those, done so far. */
  processed: number;
  /** What the apply did so far, per user. */
  outcomes: Record<PreloadOutcome, number>;
  /** The Teams card that shows this run (set by the Teams side), updated in place. */
  card?: { conversationId: string; activityId: string };
}

export async function getPreloadRun(deps: RolloutDeps, preloadId: string): Promise<PreloadRun | undefined> {
  const [summary, progress] = await Promise.all([
    deps.preloads.summary(preloadId),
    deps.preloads.progress(preloadId),
  ]);
  if (!summary || !progress) return undefined;
  return {
    id: summary.id,
    status: progress.status,
    source: summary.source,
    requestedBy: summary.requestedBy,
    ...(progress.appliedBy ? { appliedBy: progress.appliedBy } : {}),
    overwrite: summary.overwrite,
    createdAt: summary.createdAt,
    expiresAt: summary.expiresAt,
    ...(progress.startedAt ? { startedAt: progress.startedAt } : {}),
    ...(progress.finishedAt ? { finishedAt: progress.finishedAt } : {}),
    total: summary.total,
    counts: summary.counts,
    toApply: summary.toApply,
    processed: progress.processed,
    outcomes: progress.outcomes,
    ...(progress.card ? { card: progress.card } : {}),
  };
}
