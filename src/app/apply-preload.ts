import type { PreloadActor } from '../store/preload-runs';
import { AdminGuard } from './admin-guard';
import type { RolloutDeps } from './deps';

export type ApplyPreloadResult =
  | { ok: true }
  | { ok: false; reason: 'not-found' | 'expired' | 'already-applied' | 'not-admin' };

export interface ApplyPreloadOptions {
  /**
   * The command line runs as the operator of the deployment (who holds its secrets): no admin
   * lookup. Everything asked from Teams leaves this unset.
   */
  operator?: boolean;
}

/**
 * Starts applying a dry run: only an admin, only once, only before the dry run expires. The apply
 * itself runs in the wave-plan worker (run-preload-apply.ts), paced under Graph's write limit.
 */
export async function applyPreload(
  deps: RolloutDeps,
  preloadId: string,
  actor: PreloadActor,
  options: ApplyPreloadOptions = {},
): Promise<ApplyPreloadResult> {
  if (!options.operator) {
    const guard = new AdminGuard(
      { adminUserIds: deps.config.ADMIN_USER_IDS, adminGroupId: deps.config.ADMIN_GROUP_ID },
      deps.graph,
    );
    if (!(await guard.isAdmin(actor.id))) return { ok: false, reason: 'not-admin' };
  }
  const [summary, progress] = await Promise.all([
    deps.preloads.summary(preloadId),
    deps.preloads.progress(preloadId),
  ]);
  if (!summary || !progress) return { ok: false, reason: 'not-found' };
  if (progress.status !== 'previewed') return { ok: false, reason: 'already-applied' };
  const now = deps.now();
  if (now.getTime() >= Date.parse(summary.expiresAt)) return { ok: false, reason: 'expired' };
  const claimed = await deps.preloads.claim(preloadId, actor, now.toISOString());
  if (claimed === undefined) return { ok: false, reason: 'not-found' };
  if (claimed !== 'claimed') return { ok: false, reason: 'already-applied' };
  await deps.audit.append({
    at: now.toISOString(),
    actor: actor.id,
    action: 'phone-preload-apply-started',
    detail: `${preloadId}: ${summary.toApply} users${summary.overwrite ? ', overwrite' : ''}`,
  });
  await deps.jobs.applyPreload(preloadId);
  return { ok: true };
}
