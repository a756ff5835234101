import type { EnforcementGate } from './enforcement-gates';
import type { EnforcementMode } from './enforcement-mode';

/**
 * One enforcement as an admin previewed it: who will be enforced, who is held back and why, and
 * where it stands. The list is fixed at preview: Confirm (and a second admin's Approve) start
 * exactly what the admins saw, never a list recomputed behind their backs.
 */
export type EnforcementPlanStatus = 'previewed' | 'awaiting-approval' | 'running' | 'done' | 'expired';

export interface PlanActor {
  id: string;
  name: string;
}

export interface PlannedUser {
  userId: string;
  displayName: string;
  /** Enforced on an admin's override of a method gate (audited as such). */
  override?: true;
}

export interface HeldUser {
  userId: string;
  displayName: string;
  gate: EnforcementGate;
  detail?: string;
}

/** What the job did, per outcome; `reportOnly` counts users a `report-only` run would have enforced. */
export interface EnforcementResults {
  enforced: number;
  /** Already in the enforcement group / already per-user enforced: nothing written, counted enforced. */
  alreadyEnforced: number;
  reportOnly: number;
  /** Graph refused or the user is gone: not enforced, listed. */
  failed: number;
  /** No longer enforceable when the job reached them (excluded meanwhile, state changed): not enforced. */
  changed: number;
}

export const EMPTY_RESULTS: EnforcementResults = {
  enforced: 0,
  alreadyEnforced: 0,
  reportOnly: 0,
  failed: 0,
  changed: 0,
};

export type EnforcementOutcome = keyof EnforcementResults;

export interface EnforcementPlan {
  id: string;
  waveId: string;
  mode: EnforcementMode;
  /** Mode ca-group: the group written to, as configured at preview (a later change does not move a plan). */
  groupId?: string;
  toEnforce: PlannedUser[];
  held: HeldUser[];
  needsSecondAdmin: boolean;
  requestedBy: PlanActor;
  confirmedBy?: PlanActor;
  approvedBy?: PlanActor;
  status: EnforcementPlanStatus;
  createdAt: string;
  expiresAt: string;
  results?: EnforcementResults;
}

/** A plan not started by its expiry is expired, whatever was stored. */
export function effectiveStatus(
  plan: Pick<EnforcementPlan, 'status' | 'expiresAt'>,
  now: Date,
): EnforcementPlanStatus {
  const waiting = plan.status === 'previewed' || plan.status === 'awaiting-approval';
  return waiting && now.getTime() >= Date.parse(plan.expiresAt) ? 'expired' : plan.status;
}

export type StartRefusal = 'not-admin' | 'same-admin' | 'expired' | 'not-found' | 'already-started';

export type StartDecision =
  | { next: 'running' | 'awaiting-approval' }
  | { refused: StartRefusal }
  /** Confirmed again while it waits for a second admin: nothing changes. */
  | { unchanged: 'awaiting-approval' };

/** Confirm by the requester (or another admin): starts it, or asks for a second admin above the threshold. */
export function decideConfirm(plan: EnforcementPlan, now: Date): StartDecision {
  const status = effectiveStatus(plan, now);
  if (status === 'expired') return { refused: 'expired' };
  if (status === 'awaiting-approval') return { unchanged: 'awaiting-approval' };
  if (status !== 'previewed') return { refused: 'already-started' };
  return { next: plan.needsSecondAdmin ? 'awaiting-approval' : 'running' };
}

/** Approve by a second admin: never the one who asked, nor the one who confirmed. */
export function decideApprove(plan: EnforcementPlan, approver: PlanActor, now: Date): StartDecision {
  const status = effectiveStatus(plan, now);
  if (status === 'expired') return { refused: 'expired' };
  if (status === 'running' || status === 'done') return { refused: 'already-started' };
  if (sameActor(approver, plan.requestedBy) || (plan.confirmedBy && sameActor(approver, plan.confirmedBy))) {
    return { refused: 'same-admin' };
  }
  // Approving a plan nobody confirmed yet would skip the requester's own Confirm: not allowed.
  if (status !== 'awaiting-approval') return { refused: 'not-found' };
  return { next: 'running' };
}

export function sameActor(a: PlanActor, b: PlanActor): boolean {
  return a.id.toLowerCase() === b.id.toLowerCase();
}
