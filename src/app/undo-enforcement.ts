import type { GraphRequestError } from '../graph/errors';
import { removeMembers } from '../graph/group-membership';
import { setPerUserMfaStates } from '../graph/mfa-requirements';
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

/** Users undone per step: one full `$batch` of removals (20 items) ×20. */
const UNDO_CHUNK = 400;

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
    await undoChunk(deps, waveId, ids.slice(start, start + UNDO_CHUNK), actor, counts);
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

async function undoChunk(
  deps: RolloutDeps,
  waveId: string,
  userIds: string[],
  actor: PlanActor,
  counts: UndoCounts,
): Promise<void> {
  const audit = (userId: string, action: string, detail: string) =>
    deps.audit.append({ at: deps.now().toISOString(), actor: actor.id, action, waveId, userId, detail });
  const befores = await deps.enforcement.before(waveId, userIds);
  const failures = await restore(deps, befores);
  await Promise.all(
    userIds.map(async (userId) => {
      const before = befores.get(userId);
      if (!before) {
        counts.unrecorded++;
        await audit(userId, 'enforce-undo-skipped', 'nothing recorded before the enforcement: left as it is');
        return;
      }
      const failure = failures.get(userId);
      if (failure) {
        counts.failed++;
        await audit(userId, 'enforce-undo-failed', failure);
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
      // An override was for that enforcement: enforcing the user again takes a new decision.
      await deps.enforcement.dropOverride(waveId, userId);
      if (applied.result.ok) counts.restored++;
      else counts.failed++;
    }),
  );
}

/**
 * Puts back what was there, only what the bot itself changed, in paced `$batch` writes. Returns
 * the users Graph refused, with why.
 */
async function restore(
  deps: RolloutDeps,
  befores: Map<string, EnforcementBefore>,
): Promise<Map<string, string>> {
  const failures = new Map<string, string>();
  const byGroup = new Map<string, string[]>();
  const perUser: Array<{ userId: string; state: 'disabled' | 'enabled' }> = [];
  for (const [userId, before] of befores) {
    switch (before.mode) {
      case 'ca-group':
        if (!before.wasMember && before.groupId)
          byGroup.set(before.groupId, [...(byGroup.get(before.groupId) ?? []), userId]);
        break;
      case 'per-user':
        if (before.perUserMfaState && before.perUserMfaState !== 'enforced') {
          perUser.push({ userId, state: before.perUserMfaState });
        }
        break;
      case 'report-only':
        break;
      default:
        assertNever(before.mode, 'enforcement mode');
    }
  }
  const pacer = { pacer: deps.identityWrites };
  for (const [groupId, members] of byGroup) {
    for (const [userId, outcome] of await removeMembers(deps.graph, groupId, members, pacer)) {
      if (outcome.status === 'failed') failures.set(userId, failureText(outcome.error));
    }
  }
  if (perUser.length) {
    for (const [userId, outcome] of await setPerUserMfaStates(deps.graph, perUser, pacer)) {
      if (outcome.status !== 'set') failures.set(userId, failureText(outcome.error));
    }
  }
  return failures;
}

function failureText(error: GraphRequestError | undefined): string {
  return error ? `${error.status} ${error.code}` : 'no answer';
}
