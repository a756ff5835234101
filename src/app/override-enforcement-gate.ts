import { checkMemberGroups } from '../graph/check-member-groups';
import { GraphRequestError } from '../graph/errors';
import type { PlanActor } from '../rollout/enforcement-plan';
import type { RolloutDeps } from './deps';

export type OverrideResult =
  | { ok: true }
  | {
      ok: false;
      reason:
        | 'unknown-wave'
        | 'unknown-user'
        | 'no-reason'
        /** Excluded or break-glass: never enforced, whatever anyone says. */
        | 'never-enforced'
        | 'already-enforced';
    };

export const OVERRIDE_REASON_MAX = 500;

/** A number typed into a reason is not kept: the audit stream never holds a phone number. */
export function scrubReason(reason: string): string {
  return reason
    .trim()
    .replace(/\+?\d[\d\s().-]{5,}\d/g, '[number removed]')
    .slice(0, OVERRIDE_REASON_MAX);
}

/**
 * An admin lets one user through the method gates (no usable method, phone-only after the SMS/voice
 * retirement), with a reason, audited. Never for an excluded or break-glass account. The next
 * preview lists the user as enforced on an override.
 */
export async function overrideEnforcementGate(
  deps: RolloutDeps,
  waveId: string,
  userId: string,
  actor: PlanActor,
  reason: string,
): Promise<OverrideResult> {
  const kept = scrubReason(reason);
  if (kept.length < 3) return { ok: false, reason: 'no-reason' };
  if (!(await deps.repo.getWave(waveId))) return { ok: false, reason: 'unknown-wave' };
  const record = await deps.repo.getUser(waveId, userId);
  if (!record) return { ok: false, reason: 'unknown-user' };
  if (record.status === 'enforced') return { ok: false, reason: 'already-enforced' };
  if (record.status === 'excluded' || (await isNeverEnforced(deps, record.userId))) {
    await deps.audit.append({
      at: deps.now().toISOString(),
      actor: actor.id,
      action: 'enforce-override-refused',
      waveId,
      userId: record.userId,
      detail: 'excluded or break-glass account',
    });
    return { ok: false, reason: 'never-enforced' };
  }
  const at = deps.now().toISOString();
  await deps.enforcement.saveOverride(waveId, record.userId, { by: actor, reason: kept, at });
  await deps.audit.append({
    at,
    actor: actor.id,
    action: 'enforce-override',
    waveId,
    userId: record.userId,
    detail: kept,
  });
  return { ok: true };
}

async function isNeverEnforced(deps: RolloutDeps, userId: string): Promise<boolean> {
  const wanted = userId.toLowerCase();
  if (deps.config.EXCLUDED_USER_IDS.some((id) => id.toLowerCase() === wanted)) return true;
  const group = deps.config.BREAK_GLASS_GROUP_ID;
  if (!group) return false;
  try {
    return (await checkMemberGroups(deps.graph, userId, [group])).length > 0;
  } catch (error) {
    // A user the directory no longer knows is enforced by nobody: the preview's gates hold them anyway.
    if (error instanceof GraphRequestError && error.isNotFound) return false;
    throw error;
  }
}
