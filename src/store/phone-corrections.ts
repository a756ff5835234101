import type { Redis } from 'ioredis';
import type { UserStatus } from '../rollout/user-state';
import { type RolloutKeys, rolloutKeys } from './keys';
import { LuaScript } from './lua-script';

/**
 * Corrected numbers waiting for the helpdesk (policy `approval`). One request per user and wave: a
 * newer request replaces the older one, whose approval card then goes stale. The number is held
 * only sealed (rollout/pending-phone-crypto) and expires with the request. Each wave also keeps an
 * index of who is waiting (written with the request), so the digest can count them per state.
 */
export interface PendingCorrection {
  requestId: string;
  waveId: string;
  userId: string;
  /** AES-256-GCM, sealed under `pendingCorrectionContext(waveId, userId, requestId)`. */
  sealed: string;
  /** What the user and the audit trail may see. */
  masked: string;
  requestedAt: string;
  /** The user's language, for telling them the outcome. */
  locale?: string;
}

/** Redis's own clock in ms: the request's TTL and its index entry expire by the same clock. */
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: request, index. ARGV: request JSON, TTL seconds, user id. */
const SAVE = new LuaScript(
  `
${NOW_MS}
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]) * 1000, ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
`,
  2,
);

/** Returns the stored request and deletes it, only if its request id is the one asked for. KEYS: request, index. */
const TAKE_IF_CURRENT = new LuaScript(
  `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
if cjson.decode(raw).requestId ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return raw
`,
  2,
);

/**
 * One state's users split into those waiting for the helpdesk and the others: both counts, and up
 * to ARGV[1] names of each, looking at no more than ARGV[2] members of either set.
 * KEYS: the wave's awaiting index (zset), the state's index (set).
 */
const SPLIT_BY_APPROVAL = new LuaScript(
  `
${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local limit, cap = tonumber(ARGV[1]), tonumber(ARGV[2])
local awaitingTotal = redis.call('ZINTERCARD', 2, KEYS[1], KEYS[2])
local total = redis.call('SCARD', KEYS[2])
local awaiting, others = {}, {}
if awaitingTotal > 0 and limit > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, cap - 1)) do
    if #awaiting >= limit then break end
    if redis.call('SISMEMBER', KEYS[2], id) == 1 then awaiting[#awaiting + 1] = id end
  end
end
if total > awaitingTotal and limit > 0 then
  local cursor, seen = '0', 0
  repeat
    local page = redis.call('SSCAN', KEYS[2], cursor, 'COUNT', 100)
    cursor = page[1]
    for _, id in ipairs(page[2]) do
      seen = seen + 1
      if #others < limit and not redis.call('ZSCORE', KEYS[1], id) then others[#others + 1] = id end
    end
  until cursor == '0' or #others >= limit or seen >= cap
end
return { awaitingTotal, total - awaitingTotal, awaiting, others }
`,
  2,
);

export const PENDING_CORRECTION_TTL_SECONDS = 7 * 24 * 3600;

/** Members of a state looked at for names at most, however large the wave. */
const SPLIT_SCAN_CAP = 10_000;

/** A state's users, split by whether a corrected number of theirs waits for the helpdesk. */
export interface ApprovalSplit {
  awaiting: { total: number; userIds: string[] };
  others: { total: number; userIds: string[] };
}

export class PhoneCorrectionStore {
  private readonly keys: RolloutKeys;

  constructor(
    private readonly redis: Redis,
    /** The deployment's key prefix (config.REDIS_PREFIX). */
    prefix: string,
    readonly ttlSeconds = PENDING_CORRECTION_TTL_SECONDS,
  ) {
    this.keys = rolloutKeys(prefix);
  }

  key(waveId: string, userId: string): string {
    return this.keys.phoneCorrection(waveId, userId);
  }

  async save(pending: PendingCorrection, ttlSeconds = this.ttlSeconds): Promise<void> {
    await SAVE.run(
      this.redis,
      this.key(pending.waveId, pending.userId),
      this.keys.waveAwaitingApproval(pending.waveId),
      JSON.stringify(pending),
      Math.max(1, Math.floor(ttlSeconds)),
      pending.userId,
    );
  }

  async get(waveId: string, userId: string): Promise<PendingCorrection | undefined> {
    const raw = await this.redis.get(this.key(waveId, userId));
    return raw ? (JSON.parse(raw) as PendingCorrection) : undefined;
  }

  /** A corrected number of this user's waits for the helpdesk in this wave. */
  async awaitsApproval(waveId: string, userId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(waveId, userId))) === 1;
  }

  /**
   * Claims the request for a decision: exactly one of two admins clicking at once gets it; a
   * replaced or expired request gives undefined.
   */
  async take(waveId: string, userId: string, requestId: string): Promise<PendingCorrection | undefined> {
    const raw = await TAKE_IF_CURRENT.run(
      this.redis,
      this.key(waveId, userId),
      this.keys.waveAwaitingApproval(waveId),
      requestId,
      userId,
    );
    return typeof raw === 'string' ? (JSON.parse(raw) as PendingCorrection) : undefined;
  }

  /** Puts a claimed request back (writing the number failed): the helpdesk can try again. */
  async restore(pending: PendingCorrection, now: Date): Promise<void> {
    const age = Math.floor((now.getTime() - Date.parse(pending.requestedAt)) / 1000);
    await this.save(pending, this.ttlSeconds - Math.max(0, age));
  }

  async delete(waveId: string, userId: string): Promise<void> {
    await this.redis
      .multi()
      .del(this.key(waveId, userId))
      .zrem(this.keys.waveAwaitingApproval(waveId), userId)
      .exec();
  }

  /** The users of one state of a wave, split by whether they wait for the helpdesk; `names` ids of each. */
  async splitByApproval(waveId: string, status: UserStatus, names: number): Promise<ApprovalSplit> {
    const [awaitingTotal, othersTotal, awaiting, others] = (await SPLIT_BY_APPROVAL.run(
      this.redis,
      this.keys.waveAwaitingApproval(waveId),
      this.keys.waveStatus(waveId, status),
      names,
      SPLIT_SCAN_CAP,
    )) as [number, number, string[], string[]];
    return {
      awaiting: { total: awaitingTotal, userIds: awaiting },
      others: { total: othersTotal, userIds: others },
    };
  }
}
