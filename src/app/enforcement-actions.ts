import type { EnforcementModeName } from '../cards/card-data';
import type { EnforcePlanSummary } from '../cards/enforce-cards';

/** An admin acting on an enforcement (id = Entra object id). */
export interface EnforcementActor {
  id: string;
  name: string;
}

/** A stored enforcement plan, as far as its cards need it. */
export interface EnforcementPlanOnCard extends EnforcePlanSummary {
  id: string;
  waveId: string;
  status: 'previewed' | 'awaiting-approval' | 'running' | 'done' | 'expired';
  /** ISO time: Confirm and Approve are refused after it. */
  expiresAt: string;
}

export type EnforcementPreviewResult =
  | { ok: true; plan: EnforcementPlanOnCard }
  | { ok: false; reason: 'unknown-wave' | 'nothing-ready' | 'mode-misconfigured' };

export type EnforcementStartResult =
  | { status: 'started' }
  | { status: 'awaiting-second-admin' }
  | { status: 'refused'; reason: 'not-admin' | 'same-admin' | 'expired' | 'not-found' | 'already-started' };

/**
 * The enforcement use cases the Teams cards drive (previewEnforcement, confirmEnforcement,
 * approveEnforcement, undoEnforcement): the composition root binds them to the deps.
 */
export interface EnforcementActions {
  /** ENFORCE_APPROVAL_THRESHOLD: the cards say it. */
  approvalThreshold: number;
  /** ENFORCEMENT_MODE: the undo card says what it reverses. */
  mode: EnforcementModeName;
  preview(waveId: string, requestedBy: EnforcementActor): Promise<EnforcementPreviewResult>;
  confirm(planId: string, admin: EnforcementActor): Promise<EnforcementStartResult>;
  approve(planId: string, approver: EnforcementActor): Promise<EnforcementStartResult>;
  plan(planId: string): Promise<EnforcementPlanOnCard | undefined>;
  /** Undoes the wave's enforcement; how many users were put back, and how many could not be. */
  undo(waveId: string, actor: EnforcementActor): Promise<{ restored: number; failed: number }>;
}
