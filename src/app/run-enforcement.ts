import type { GraphRequestError } from '../graph/errors';
import { addMembers } from '../graph/group-membership';
import { readPerUserMfaStates, setPerUserMfaStates } from '../graph/mfa-requirements';
import { assertNever } from '../rollout/assert-never';
import type { EnforcementOutcome, EnforcementPlan, PlannedUser } from '../rollout/enforcement-plan';
import type { WaveUserRecord } from '../rollout/user-state';
import type { EnforcementBefore } from '../store/enforcement-store';
import type { RolloutDeps } from './deps';
import { groupUserIds } from './enforcement-facts';
import { NotRetryableError } from './not-retryable';

/** Users per step: 20 binds per PATCH × 20 PATCHes per `$batch`, one full batch of group adds. */
export const ENFORCE_CHUNK = 400;

/** A planned user the job may write for, with the wave record it was checked against. */
interface Writable {
  user: PlannedUser;
  record: WaveUserRecord;
}

/** What a write step found per user; `retry` holds the first transient Graph error, thrown after settling. */
interface WriteStep {
  outcomes: Map<string, EnforcementOutcome>;
  failures: Map<string, string>;
  retry?: unknown;
}

/**
 * The enforcement job: the plan's users in chunks, each user written at most once. Progress is per
 * user in Redis (settled set) and the cursor in the job, so a worker killed at any point resumes
 * where it stopped: users already settled are skipped, and what each user had before is recorded
 * once, before the first write, so a resumed write never mistakes its own work for the old state.
 */
export async function runEnforcement(
  deps: RolloutDeps,
  planId: string,
  offset: number,
  saveCursor: (offset: number) => Promise<unknown>,
): Promise<string> {
  const plan = await deps.enforcement.get(planId);
  if (!plan) throw new NotRetryableError(`enforcement plan ${planId} is gone`);
  if (plan.status === 'done') return 'done';
  if (plan.status !== 'running') throw new NotRetryableError(`enforcement plan ${planId} is ${plan.status}`);
  if (plan.mode === 'ca-group') await snapshotGroup(deps, plan);
  for (let at = offset; at < plan.toEnforce.length; at += ENFORCE_CHUNK) {
    await enforceChunk(deps, plan, plan.toEnforce.slice(at, at + ENFORCE_CHUNK));
    await saveCursor(at + ENFORCE_CHUNK);
    await deps.jobs.refreshDigest(plan.waveId);
  }
  if ((await deps.enforcement.move(planId, ['running'], 'done')) === 'moved') {
    const results = await deps.enforcement.results(planId);
    await deps.audit.append({
      at: deps.now().toISOString(),
      actor: 'bot',
      action: 'enforce-done',
      waveId: plan.waveId,
      detail: `plan ${planId}: ${Object.entries(results)
        .map(([outcome, count]) => `${outcome} ${count}`)
        .join(', ')}`,
    });
    await deps.jobs.refreshDigest(plan.waveId);
  }
  return 'done';
}

/** The enforcement group's users before the plan's first write, read once (again if a crash cut it short). */
async function snapshotGroup(deps: RolloutDeps, plan: EnforcementPlan): Promise<void> {
  if (await deps.enforcement.snapshotDone(plan.id)) return;
  await deps.enforcement.resetSnapshot(plan.id);
  const members = await groupUserIds(deps.graph, enforcementGroup(deps, plan));
  await deps.enforcement.addToSnapshot(plan.id, [...members]);
  await deps.enforcement.finishSnapshot(plan.id);
}

function enforcementGroup(deps: RolloutDeps, plan: EnforcementPlan): string {
  const groupId = plan.groupId ?? deps.config.ENFORCEMENT_GROUP_ID;
  if (!groupId) throw new NotRetryableError('ENFORCEMENT_GROUP_ID is not set (mode ca-group)');
  return groupId;
}

async function enforceChunk(deps: RolloutDeps, plan: EnforcementPlan, users: PlannedUser[]): Promise<void> {
  const settled = await deps.enforcement.settled(
    plan.id,
    users.map((user) => user.userId),
  );
  const pending = users.filter((user) => !settled.has(user.userId));
  if (!pending.length) return;
  const { writable, outcomes } = await recheck(deps, plan, pending);
  const step = await write(deps, plan, writable);
  for (const [userId, outcome] of step.outcomes) outcomes.set(userId, outcome);
  await recordOutcomes(deps, plan, writable, outcomes, step.failures);
  await deps.enforcement.settle(plan.id, outcomes);
  if (step.retry !== undefined) throw step.retry;
}

/**
 * Between Confirm and now a user may have been excluded, lost an override or been enforced: such a
 * user is not written ('changed'), and one already enforced by this plan (a resumed chunk) counts once.
 */
async function recheck(
  deps: RolloutDeps,
  plan: EnforcementPlan,
  pending: PlannedUser[],
): Promise<{ writable: Writable[]; outcomes: Map<string, EnforcementOutcome> }> {
  const ids = pending.map((user) => user.userId);
  const [records, overrides, befores] = await Promise.all([
    deps.repo.getUsers(plan.waveId, ids),
    deps.enforcement.overrides(plan.waveId, ids),
    deps.enforcement.before(plan.waveId, ids),
  ]);
  const byId = new Map(records.map((record) => [record.userId, record]));
  const excluded = new Set(deps.config.EXCLUDED_USER_IDS.map((id) => id.toLowerCase()));
  const writable: Writable[] = [];
  const outcomes = new Map<string, EnforcementOutcome>();
  for (const user of pending) {
    const record = byId.get(user.userId);
    const before = befores.get(user.userId);
    if (record?.status === 'enforced') {
      const ours = before?.planId === plan.id;
      outcomes.set(user.userId, ours && !alreadyThere(before) ? 'enforced' : 'alreadyEnforced');
    } else if (
      !record ||
      record.status === 'excluded' ||
      excluded.has(user.userId.toLowerCase()) ||
      (record.status !== 'ready' && !(user.override && overrides.has(user.userId)))
    ) {
      outcomes.set(user.userId, 'changed');
    } else {
      writable.push({ user, record });
    }
  }
  return { writable, outcomes };
}

function alreadyThere(before: EnforcementBefore | undefined): boolean {
  return before?.wasMember === true || before?.perUserMfaState === 'enforced';
}

async function write(deps: RolloutDeps, plan: EnforcementPlan, writable: Writable[]): Promise<WriteStep> {
  const step: WriteStep = { outcomes: new Map(), failures: new Map() };
  if (!writable.length) return step;
  switch (plan.mode) {
    case 'report-only':
      // Everything but the write: the users are listed and audited, their state stays as it is.
      for (const { user } of writable) step.outcomes.set(user.userId, 'reportOnly');
      return step;
    case 'ca-group':
      await writeGroup(deps, plan, writable, step);
      return step;
    case 'per-user':
      await writePerUser(deps, plan, writable, step);
      return step;
    default:
      return assertNever(plan.mode, 'enforcement mode');
  }
}

async function writeGroup(deps: RolloutDeps, plan: EnforcementPlan, writable: Writable[], step: WriteStep) {
  const groupId = enforcementGroup(deps, plan);
  const ids = writable.map(({ user }) => user.userId);
  const [members, earlier] = await Promise.all([
    deps.enforcement.wereMembers(
      plan.id,
      ids.map((id) => id.toLowerCase()),
    ),
    deps.enforcement.before(plan.waveId, ids),
  ]);
  const at = deps.now().toISOString();
  await deps.enforcement.recordBefore(
    plan.waveId,
    new Map(
      writable.map(({ user, record }) => [
        user.userId,
        {
          mode: 'ca-group',
          status: record.status,
          groupId,
          wasMember: members.has(user.userId.toLowerCase()),
          planId: plan.id,
          at,
        },
      ]),
    ),
  );
  // The first record wins: on a resumed chunk it still says what was there before the bot.
  const befores = await deps.enforcement.before(plan.waveId, ids);
  for (const id of ids) if (alreadyThere(befores.get(id))) step.outcomes.set(id, 'alreadyEnforced');
  let toAdd = ids.filter((id) => !alreadyThere(befores.get(id)));
  // A resumed chunk (this plan got as far as recording them before a crash): who is in the group
  // now was written by the crashed run; writing them again would cost writes and fail the bulk add.
  if (toAdd.some((id) => earlier.get(id)?.planId === plan.id)) {
    const now = await groupUserIds(deps.graph, groupId);
    for (const id of toAdd) if (now.has(id.toLowerCase())) step.outcomes.set(id, 'enforced');
    toAdd = toAdd.filter((id) => !now.has(id.toLowerCase()));
  }
  const added = await addMembers(deps.graph, groupId, toAdd, { pacer: deps.identityWrites });
  for (const id of toAdd) {
    const result = added.get(id);
    if (result?.status === 'added' || result?.status === 'already-member') step.outcomes.set(id, 'enforced');
    else if (result?.error && isTransient(result.error)) step.retry ??= result.error;
    else {
      step.outcomes.set(id, 'failed');
      step.failures.set(id, failureText(result?.error, result?.status ?? 'no answer'));
    }
  }
}

async function writePerUser(deps: RolloutDeps, plan: EnforcementPlan, writable: Writable[], step: WriteStep) {
  const ids = writable.map(({ user }) => user.userId);
  // What each user had is read once, before the plan's first write for them (a resumed chunk keeps it).
  // Everyone's state is read now: for a user a crashed run already recorded, it tells whether
  // that run's write landed (then it is not written again).
  const [known, states] = await Promise.all([
    deps.enforcement.before(plan.waveId, ids),
    readPerUserMfaStates(deps.graph, ids),
  ]);
  const at = deps.now().toISOString();
  const befores = new Map<string, EnforcementBefore>();
  for (const { user, record } of writable) {
    const state = states.get(user.userId);
    const resumed = known.get(user.userId)?.planId === plan.id;
    if (state === undefined) continue;
    if (resumed && state === 'enforced') {
      step.outcomes.set(user.userId, alreadyThere(known.get(user.userId)) ? 'alreadyEnforced' : 'enforced');
    } else if (resumed && typeof state === 'string') continue;
    else if (typeof state === 'string') {
      befores.set(user.userId, {
        mode: 'per-user',
        status: record.status,
        perUserMfaState: state,
        planId: plan.id,
        at,
      });
    } else if (state.error === 'user-not-found') {
      step.outcomes.set(user.userId, 'failed');
      step.failures.set(user.userId, `${state.status} ${state.code ?? 'user not found'}`);
    } else {
      step.retry ??= new Error(`per-user MFA state unreadable (${state.status})`);
    }
  }
  await deps.enforcement.recordBefore(plan.waveId, befores);
  const recorded = await deps.enforcement.before(plan.waveId, ids);
  const toSet: string[] = [];
  for (const id of ids) {
    const before = recorded.get(id);
    if (!before || step.outcomes.has(id)) continue;
    if (alreadyThere(before)) step.outcomes.set(id, 'alreadyEnforced');
    else toSet.push(id);
  }
  const written = await setPerUserMfaStates(
    deps.graph,
    toSet.map((userId) => ({ userId, state: 'enforced' as const })),
    { pacer: deps.identityWrites },
  );
  for (const id of toSet) {
    const result = written.get(id);
    if (result?.status === 'set') step.outcomes.set(id, 'enforced');
    else if (result?.error && isTransient(result.error)) step.retry ??= result.error;
    else {
      step.outcomes.set(id, 'failed');
      step.failures.set(id, failureText(result?.error, result?.status ?? 'no answer'));
    }
  }
}

function isTransient(error: GraphRequestError): boolean {
  return error.isThrottled || error.isTransient || error.status === 0;
}

function failureText(error: GraphRequestError | undefined, fallback: string): string {
  return error ? `${error.status} ${error.code}` : fallback;
}

/** Enforced users move to `enforced` (audited by the transition); failures and rehearsals are audited. */
async function recordOutcomes(
  deps: RolloutDeps,
  plan: EnforcementPlan,
  writable: Writable[],
  outcomes: Map<string, EnforcementOutcome>,
  failures: Map<string, string>,
): Promise<void> {
  const actor = plan.approvedBy?.id ?? plan.confirmedBy?.id ?? 'bot';
  const at = deps.now().toISOString();
  await Promise.all(
    writable.map(async ({ user, record }) => {
      const outcome = outcomes.get(user.userId);
      if (outcome === 'enforced' || outcome === 'alreadyEnforced') {
        const applied = await deps.repo.apply(
          plan.waveId,
          user.userId,
          { type: 'enforced', override: user.override === true },
          actor,
          { known: record, now: deps.now },
        );
        if (!applied.result.ok && applied.result.code === 'not-allowed') {
          // Written, but the user's state moved meanwhile: on the record for an admin to look at.
          await deps.audit.append({
            at,
            actor: 'bot',
            action: 'enforce-state-changed',
            waveId: plan.waveId,
            userId: user.userId,
            detail: `plan ${plan.id}: written in mode ${plan.mode}, but the user is now ${applied.result.from}`,
          });
        }
      } else if (outcome === 'failed' || outcome === 'reportOnly') {
        await deps.audit.append({
          at,
          actor,
          action: outcome === 'failed' ? 'enforce-failed' : 'enforce-report-only',
          waveId: plan.waveId,
          userId: user.userId,
          detail: `plan ${plan.id}${outcome === 'failed' ? `: ${failures.get(user.userId)}` : ''}`,
        });
      }
    }),
  );
}
