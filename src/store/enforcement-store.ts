import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EnforcementOverride } from '../rollout/enforcement-gates';
import type { EnforcementMode } from '../rollout/enforcement-mode';
import {
  EMPTY_RESULTS,
  type EnforcementOutcome,
  type EnforcementPlan,
  type EnforcementPlanStatus,
  type EnforcementResults,
  type PlanActor,
} from '../rollout/enforcement-plan';
import type { UserStatus } from '../rollout/user-state';
import { type EnforcementKeys, enforcementKeys } from './enforcement-keys';
import { LuaScript } from './lua-script';

/** What a user had before the bot enforced them: undo puts exactly this back. */
export interface EnforcementBefore {
  mode: EnforcementMode;
  /** The wave state they were enforced from (ready, or another one on an override). */
  status: UserStatus;
  /** ca-group: the group written to, and whether they were in it (directly or nested) already. */
  groupId?: string;
  wasMember?: boolean;
  /** per-user: the perUserMfaState before. */
  perUserMfaState?: 'disabled' | 'enabled' | 'enforced';
  planId: string;
  at: string;
}

function resultsOf(fields: Record<string, string>): EnforcementResults {
  const results = { ...EMPTY_RESULTS };
  for (const outcome of Object.keys(results) as EnforcementOutcome[]) {
    results[outcome] = Number(fields[`count:${outcome}`] ?? 0);
  }
  return results;
}

/** Plans are kept a while after they ran, for the report and for undo's audit trail. */
const PLAN_RETENTION_SECONDS = 30 * 24 * 3600;

/** Moves `status` from one of the expected values to the next and sets one actor field, atomically. */
const MOVE_STATUS = new LuaScript(
  `local current = redis.call('HGET', KEYS[1], 'status')
if not current then return -1 end
for i = 4, #ARGV do if ARGV[i] == current then
  redis.call('HSET', KEYS[1], 'status', ARGV[1])
  if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], ARGV[2], ARGV[3]) end
  return 1
end end
return 0`,
  1,
);

export type MoveResult = 'moved' | 'not-found' | 'status-changed';

/**
 * Enforcement plans and their progress in Redis. The plan's user lists are written once; what
 * changes (status, who confirmed, results) sits beside them in the same hash, so a status change is
 * one atomic compare-and-set, never a read-modify-write of a large JSON.
 */
export class EnforcementStore {
  private readonly keys: EnforcementKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = enforcementKeys(prefix);
  }

  /** Stores a new plan; its id carries no colon or space (it goes into job ids and card tokens). */
  async create(plan: Omit<EnforcementPlan, 'id' | 'status'>): Promise<EnforcementPlan> {
    const id = `ep${randomBytes(10).toString('hex')}`;
    const stored: EnforcementPlan = { ...plan, id, status: 'previewed' };
    const { status, confirmedBy: _c, approvedBy: _a, results: _r, ...fixed } = stored;
    const key = this.keys.plan(id);
    await this.redis
      .multi()
      .hset(key, 'plan', JSON.stringify(fixed), 'status', status)
      .expire(key, PLAN_RETENTION_SECONDS)
      .exec();
    return stored;
  }

  async get(planId: string): Promise<EnforcementPlan | undefined> {
    const fields = await this.redis.hgetall(this.keys.plan(planId));
    if (!fields.plan || !fields.status) return undefined;
    const plan = JSON.parse(fields.plan) as EnforcementPlan;
    plan.status = fields.status as EnforcementPlanStatus;
    if (fields.confirmedBy) plan.confirmedBy = JSON.parse(fields.confirmedBy) as PlanActor;
    if (fields.approvedBy) plan.approvedBy = JSON.parse(fields.approvedBy) as PlanActor;
    if (plan.status === 'running' || plan.status === 'done') plan.results = resultsOf(fields);
    return plan;
  }

  /** Status `from` (one of) → `to`, recording who did it; refused when someone else moved it first. */
  async move(
    planId: string,
    from: readonly EnforcementPlanStatus[],
    to: EnforcementPlanStatus,
    actor?: { field: 'confirmedBy' | 'approvedBy'; who: PlanActor },
  ): Promise<MoveResult> {
    // ARGV: to, actor field, actor JSON, then the expected statuses.
    const moved = Number(
      await MOVE_STATUS.run(
        this.redis,
        this.keys.plan(planId),
        to,
        actor?.field ?? '',
        actor ? JSON.stringify(actor.who) : '',
        ...from,
      ),
    );
    if (moved === -1) return 'not-found';
    return moved === 1 ? 'moved' : 'status-changed';
  }

  /** Of these users, the ones the plan's job has already settled. */
  async settled(planId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const flags = await this.redis.smismember(this.keys.planDone(planId), ...userIds);
    return new Set(userIds.filter((_, index) => flags[index] === 1));
  }

  /**
   * Records users' outcomes, counts them and marks them settled in one write. Callers pass only users
   * not settled yet (one job per plan at a time), so each user is counted once.
   */
  async settle(planId: string, outcomes: ReadonlyMap<string, EnforcementOutcome>): Promise<void> {
    if (!outcomes.size) return;
    const ids = [...outcomes.keys()];
    const counts = new Map<EnforcementOutcome, number>();
    for (const outcome of outcomes.values()) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    const write = this.redis.multi();
    for (const [outcome, count] of counts) write.hincrby(this.keys.plan(planId), `count:${outcome}`, count);
    await write
      .hset(this.keys.planOutcomes(planId), ...[...outcomes].flat())
      .sadd(this.keys.planDone(planId), ...ids)
      .expire(this.keys.planOutcomes(planId), PLAN_RETENTION_SECONDS)
      .expire(this.keys.planDone(planId), PLAN_RETENTION_SECONDS)
      .exec();
  }

  /** Counts of outcomes so far (the job's progress, and its results at the end). */
  async results(planId: string): Promise<EnforcementResults> {
    return resultsOf(await this.redis.hgetall(this.keys.plan(planId)));
  }

  async outcome(planId: string, userId: string): Promise<EnforcementOutcome | undefined> {
    return ((await this.redis.hget(this.keys.planOutcomes(planId), userId)) ?? undefined) as
      | EnforcementOutcome
      | undefined;
  }

  // The enforcement group as it was before the plan's first write.

  async snapshotDone(planId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.planSnapshotDone(planId))) === 1;
  }

  async addToSnapshot(planId: string, userIds: readonly string[]): Promise<void> {
    if (!userIds.length) return;
    const key = this.keys.planMembersBefore(planId);
    await this.redis
      .multi()
      .sadd(key, ...userIds)
      .expire(key, PLAN_RETENTION_SECONDS)
      .exec();
  }

  async finishSnapshot(planId: string): Promise<void> {
    await this.redis.set(this.keys.planSnapshotDone(planId), '1', 'EX', PLAN_RETENTION_SECONDS);
  }

  async resetSnapshot(planId: string): Promise<void> {
    await this.redis.del(this.keys.planMembersBefore(planId), this.keys.planSnapshotDone(planId));
  }

  async wereMembers(planId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const flags = await this.redis.smismember(this.keys.planMembersBefore(planId), ...userIds);
    return new Set(userIds.filter((_, index) => flags[index] === 1));
  }

  // What each user had before: written once, before the first write for them, so a resumed job
  // (which finds its own earlier write) never records that as "before".

  async recordBefore(waveId: string, befores: ReadonlyMap<string, EnforcementBefore>): Promise<void> {
    if (!befores.size) return;
    const key = this.keys.waveBefore(waveId);
    const pipeline = this.redis.pipeline();
    for (const [userId, before] of befores) pipeline.hsetnx(key, userId, JSON.stringify(before));
    await pipeline.exec();
  }

  async before(waveId: string, userIds: readonly string[]): Promise<Map<string, EnforcementBefore>> {
    const found = new Map<string, EnforcementBefore>();
    if (!userIds.length) return found;
    const raws = await this.redis.hmget(this.keys.waveBefore(waveId), ...userIds);
    raws.forEach((raw, index) => {
      if (raw) found.set(userIds[index]!, JSON.parse(raw) as EnforcementBefore);
    });
    return found;
  }

  /** After an undo: the next enforcement records afresh. */
  async forgetBefore(waveId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length) await this.redis.hdel(this.keys.waveBefore(waveId), ...userIds);
  }

  // Admin overrides of a method gate, per wave and user.

  async saveOverride(waveId: string, userId: string, override: EnforcementOverride): Promise<void> {
    await this.redis.hset(this.keys.waveOverrides(waveId), userId, JSON.stringify(override));
  }

  async overrides(waveId: string, userIds: readonly string[]): Promise<Map<string, EnforcementOverride>> {
    const found = new Map<string, EnforcementOverride>();
    if (!userIds.length) return found;
    const raws = await this.redis.hmget(this.keys.waveOverrides(waveId), ...userIds);
    raws.forEach((raw, index) => {
      if (raw) found.set(userIds[index]!, JSON.parse(raw) as EnforcementOverride);
    });
    return found;
  }

  /** Every user of the wave with an override on file. */
  async overriddenUserIds(waveId: string): Promise<string[]> {
    return this.redis.hkeys(this.keys.waveOverrides(waveId));
  }

  async dropOverride(waveId: string, userId: string): Promise<void> {
    await this.redis.hdel(this.keys.waveOverrides(waveId), userId);
  }
}
