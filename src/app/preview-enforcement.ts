import {
  decideEnforcement,
  type EnforcementGate,
  isEnforcementCandidate,
  needsSecondAdmin,
} from '../rollout/enforcement-gates';
import {
  type EnforcementPlan,
  effectiveStatus,
  type HeldUser,
  type PlanActor,
  type PlannedUser,
} from '../rollout/enforcement-plan';
import type { RolloutDeps } from './deps';
import { enforcementCandidates } from './enforcement-candidates';
import { readEnforcementFacts } from './enforcement-facts';
import { enforcementMisconfiguration } from './enforcement-target';

export type EnforcementPlanResult =
  | { ok: true; plan: EnforcementPlan }
  | { ok: false; reason: 'unknown-wave' | 'nothing-ready' | 'mode-misconfigured'; detail?: string };

/** Audit entries are written this many at a time. */
const AUDIT_CHUNK = 200;

/**
 * The preview: every ready user (and every overridden one) through the gates, on facts read fresh
 * from Graph. The plan is stored as shown; Confirm starts exactly this list. Every user held back
 * is listed with the gate, and audited.
 */
export async function previewEnforcement(
  deps: RolloutDeps,
  waveId: string,
  requestedBy: PlanActor,
): Promise<EnforcementPlanResult> {
  const misconfigured = enforcementMisconfiguration(deps.config);
  if (misconfigured) return { ok: false, reason: 'mode-misconfigured', detail: misconfigured };
  const wave = await deps.repo.getWave(waveId);
  if (!wave) return { ok: false, reason: 'unknown-wave' };
  const records = await enforcementCandidates(deps, waveId);
  const overrides = await deps.enforcement.overrides(
    waveId,
    records.map((record) => record.userId),
  );
  const candidates = records.filter((record) =>
    isEnforcementCandidate(record.status, overrides.has(record.userId)),
  );
  if (!candidates.length) return { ok: false, reason: 'nothing-ready' };

  const facts = await readEnforcementFacts(deps, wave, candidates, overrides);
  const now = deps.now();
  const policy = {
    retirementDate: deps.config.SMS_VOICE_RETIREMENT_DATE,
    telecomProviderDeclared: deps.config.TELECOM_PROVIDER_DECLARED,
  };
  const toEnforce: PlannedUser[] = [];
  const held: HeldUser[] = [];
  for (const record of candidates) {
    const decision = decideEnforcement(facts.get(record.userId)!, policy, now);
    const who = { userId: record.userId, displayName: record.displayName };
    if (decision.enforce) toEnforce.push(decision.override ? { ...who, override: true } : who);
    else held.push({ ...who, gate: decision.gate, ...heldDetail(decision.gate, record.status) });
  }

  const plan = await deps.enforcement.create({
    waveId,
    mode: deps.config.ENFORCEMENT_MODE,
    ...(deps.config.ENFORCEMENT_MODE === 'ca-group' ? { groupId: deps.config.ENFORCEMENT_GROUP_ID } : {}),
    toEnforce,
    held,
    needsSecondAdmin: needsSecondAdmin(toEnforce.length, deps.config.ENFORCE_APPROVAL_THRESHOLD),
    requestedBy,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.config.ENFORCE_PLAN_TTL_HOURS * 3600 * 1000).toISOString(),
  });
  await auditPreview(deps, plan);
  return { ok: true, plan };
}

function heldDetail(gate: EnforcementGate, status: string): { detail?: string } {
  return gate === 'no-usable-method' && status !== 'ready' ? { detail: `status ${status}` } : {};
}

async function auditPreview(deps: RolloutDeps, plan: EnforcementPlan): Promise<void> {
  const at = deps.now().toISOString();
  await deps.audit.append({
    at,
    actor: plan.requestedBy.id,
    action: 'enforce-previewed',
    waveId: plan.waveId,
    detail: `plan ${plan.id}: ${plan.toEnforce.length} to enforce, ${plan.held.length} held, mode ${plan.mode}`,
  });
  // Each user held back is on the record with the gate: never silently skipped.
  for (let start = 0; start < plan.held.length; start += AUDIT_CHUNK) {
    await Promise.all(
      plan.held.slice(start, start + AUDIT_CHUNK).map((user) =>
        deps.audit.append({
          at,
          actor: plan.requestedBy.id,
          action: 'enforce-held',
          waveId: plan.waveId,
          userId: user.userId,
          detail: `plan ${plan.id}: ${user.gate}${user.detail ? ` (${user.detail})` : ''}`,
        }),
      ),
    );
  }
}

/** A stored plan as it stands now: one not started by its expiry reads `expired`. */
export async function getEnforcementPlan(
  deps: RolloutDeps,
  planId: string,
): Promise<EnforcementPlan | undefined> {
  const plan = await deps.enforcement.get(planId);
  return plan && { ...plan, status: effectiveStatus(plan, deps.now()) };
}
