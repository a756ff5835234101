import {
  decideApprove,
  decideConfirm,
  type PlanActor,
  type StartDecision,
} from '../rollout/enforcement-plan';
import { AdminGuard } from './admin-guard';
import type { RolloutDeps } from './deps';

export type EnforcementStartResult =
  | { status: 'started' }
  | { status: 'awaiting-second-admin' }
  | {
      status: 'refused';
      reason: 'not-admin' | 'same-admin' | 'expired' | 'not-found' | 'already-started';
    };

export interface EnforcementStartOptions {
  /**
   * Who is a rollout admin. The bot passes its guard (cached); the CLI vouches for its operator.
   * Default: the configured admins and admin group, looked up through Graph.
   */
  isAdmin?: (userId: string) => Promise<boolean>;
}

function adminCheck(deps: RolloutDeps, options: EnforcementStartOptions) {
  if (options.isAdmin) return options.isAdmin;
  const guard = new AdminGuard(
    { adminUserIds: deps.config.ADMIN_USER_IDS, adminGroupId: deps.config.ADMIN_GROUP_ID },
    deps.graph,
  );
  return (userId: string) => guard.isAdmin(userId);
}

/**
 * Confirm on the preview: starts the job, or (above ENFORCE_APPROVAL_THRESHOLD) waits for a second
 * admin. The status moves by compare-and-set, so two clicks at once start one job.
 */
export async function confirmEnforcement(
  deps: RolloutDeps,
  planId: string,
  admin: PlanActor,
  options: EnforcementStartOptions = {},
): Promise<EnforcementStartResult> {
  if (!(await adminCheck(deps, options)(admin.id))) return refused(deps, planId, admin, 'not-admin');
  const plan = await deps.enforcement.get(planId);
  if (!plan) return refused(deps, planId, admin, 'not-found');
  return start(deps, planId, plan.waveId, admin, decideConfirm(plan, deps.now()), 'confirmedBy');
}

/** A second admin's Approve: never the requester's (nor the confirmer's) own. */
export async function approveEnforcement(
  deps: RolloutDeps,
  planId: string,
  approver: PlanActor,
  options: EnforcementStartOptions = {},
): Promise<EnforcementStartResult> {
  if (!(await adminCheck(deps, options)(approver.id))) return refused(deps, planId, approver, 'not-admin');
  const plan = await deps.enforcement.get(planId);
  if (!plan) return refused(deps, planId, approver, 'not-found');
  return start(deps, planId, plan.waveId, approver, decideApprove(plan, approver, deps.now()), 'approvedBy');
}

async function start(
  deps: RolloutDeps,
  planId: string,
  waveId: string,
  actor: PlanActor,
  decision: StartDecision,
  field: 'confirmedBy' | 'approvedBy',
): Promise<EnforcementStartResult> {
  if ('refused' in decision) {
    // A plan marked running whose job was lost (a crash between the two writes) gets it again;
    // the job id makes this harmless when the job is there.
    if (decision.refused === 'already-started') await requeueIfRunning(deps, planId);
    return refused(deps, planId, actor, decision.refused, waveId);
  }
  if ('unchanged' in decision) return { status: 'awaiting-second-admin' };
  const from = field === 'confirmedBy' ? (['previewed'] as const) : (['awaiting-approval'] as const);
  const moved = await deps.enforcement.move(planId, from, decision.next, { field, who: actor });
  if (moved === 'not-found') return refused(deps, planId, actor, 'not-found', waveId);
  if (moved === 'status-changed') {
    // Someone else's click won the race: say what it led to.
    const now = await deps.enforcement.get(planId);
    if (now?.status === 'awaiting-approval') return { status: 'awaiting-second-admin' };
    return refused(deps, planId, actor, 'already-started', waveId);
  }
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: actor.id,
    action: decision.next === 'running' ? 'enforce-started' : 'enforce-awaiting-approval',
    waveId,
    detail: `plan ${planId} (${field === 'confirmedBy' ? 'confirmed' : 'approved'} by ${actor.name})`,
  });
  if (decision.next !== 'running') return { status: 'awaiting-second-admin' };
  // The digest shows whom the wave's last started plan held back (from Teams and the CLI alike).
  await deps.lastEnforcement.remember(waveId, planId);
  await deps.jobs.enforce(planId);
  return { status: 'started' };
}

async function requeueIfRunning(deps: RolloutDeps, planId: string): Promise<void> {
  if ((await deps.enforcement.get(planId))?.status === 'running') await deps.jobs.enforce(planId);
}

async function refused(
  deps: RolloutDeps,
  planId: string,
  actor: PlanActor,
  reason: Extract<EnforcementStartResult, { status: 'refused' }>['reason'],
  waveId?: string,
): Promise<EnforcementStartResult> {
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: actor.id,
    action: 'enforce-refused',
    ...(waveId ? { waveId } : {}),
    detail: `plan ${planId.slice(0, 40)}: ${reason}`,
  });
  return { status: 'refused', reason };
}
