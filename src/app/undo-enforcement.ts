import { GraphRequestError } from '../graph/errors';
import { removeMember } from '../graph/group-membership';
import { setPerUserMfaState } from '../graph/mfa-requirements';
import { assertNever } from '../rollout/assert-never';
import type { PlanActor } from '../rollout/enforcement-plan';
import type { EnforcementBefore } from '../store/enforcement-store';
import type { RolloutDeps } from './deps';

export interface UndoCounts {
  /** Back to the state recorded before (group membership removed / perUserMfaState restored). */
  restored: number;
  /** Enforced, but nothing was recorded before it (enforced outside this bot's job): left as it is. */
  unrecorded: number;
  /** Graph refused: still enforced, listed in the audit. */
  failed: number;
}

export type UndoResult =
  | { ok: true; counts: UndoCounts }
  | { ok: false; reason: 'unknown-wave' | 'not-enforced' };

/** Users undone per step. */
const UNDO_CHUNK = 20;

/**
 * Undo per wave, or for one user: puts back exactly what was recorded before the enforcement (the
 * user leaves the CA group only if the bot put them there; the earlier perUserMfaState comes back),
 * then the user's state goes back too. Audited per user.
 */
export async function undoEnforcement(
  deps: RolloutDeps,
  waveId: string,
  actor: PlanActor,
  options: { userId?: string } = {},
): Promise<UndoResult> {
  const wave = await deps.repo.getWave(waveId);
  if (!wave) return { ok: false, reason: 'unknown-wave' };
  let ids: string[];
  if (options.userId) {
    const record = await deps.repo.getUser(waveId, options.userId);
    if (record?.status !== 'enforced') return { ok: false, reason: 'not-enforced' };
    ids = [record.userId];
  } else {
    ids = await deps.repo.userIdsWithStatus(waveId, 'enforced', Number.MAX_SAFE_INTEGER);
  }
  const counts: UndoCounts = { restored: 0, unrecorded: 0, failed: 0 };
  for (let start = 0; start < ids.length; start += UNDO_CHUNK) {
    const chunk = ids.slice(start, start + UNDO_CHUNK);
    const befores = await deps.enforcement.before(waveId, chunk);
    await Promise.all(
      chunk.map((userId) => undoOne(deps, waveId, userId, befores.get(userId), actor, counts)),
    );
  }
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: actor.id,
    action: 'enforce-undo',
    waveId,
    detail: `${options.userId ? 'one user' : 'whole wave'}: restored ${counts.restored}, unrecorded ${counts.unrecorded}, failed ${counts.failed}`,
  });
  await deps.jobs.refreshDigest(waveId);
  return { ok: true, counts };
}

async function undoOne(
  deps: RolloutDeps,
  waveId: string,
  userId: string,
  before: EnforcementBefore | undefined,
  actor: PlanActor,
  counts: UndoCounts,
): Promise<void> {
  const audit = (action: string, detail: string) =>
    deps.audit.append({ at: deps.now().toISOString(), actor: actor.id, action, waveId, userId, detail });
  if (!before) {
    counts.unrecorded++;
    await audit('enforce-undo-skipped', 'nothing recorded before the enforcement: left as it is');
    return;
  }
  try {
    await restore(deps, userId, before);
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
    counts.failed++;
    await audit('enforce-undo-failed', `${error.status} ${error.code}`);
    return;
  }
  const applied = await deps.repo.apply(
    waveId,
    userId,
    { type: 'enforcement-undone', restoreTo: before.status },
    actor.id,
    { now: deps.now },
  );
  await deps.enforcement.forgetBefore(waveId, [userId]);
  if (applied.result.ok) counts.restored++;
  else counts.failed++;
}

/** Puts back what was there: only what the bot itself changed. */
async function restore(deps: RolloutDeps, userId: string, before: EnforcementBefore): Promise<void> {
  switch (before.mode) {
    case 'ca-group':
      if (!before.wasMember && before.groupId) await removeMember(deps.graph, before.groupId, userId);
      return;
    case 'per-user':
      if (before.perUserMfaState && before.perUserMfaState !== 'enforced') {
        await setPerUserMfaState(deps.graph, userId, before.perUserMfaState);
      }
      return;
    case 'report-only':
      return;
    default:
      return assertNever(before.mode, 'enforcement mode');
  }
}
