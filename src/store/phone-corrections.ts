import type { Redis } from 'ioredis';
import { rolloutKeys } from './keys';
import { LuaScript } from './lua-script';

/**
 * Corrected numbers waiting for the helpdesk (policy `approval`). One request per user and wave: a
 * newer request replaces the older one, whose approval card then goes stale. The number is held
 * only sealed (rollout/pending-phone-crypto) and expires with the request.
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

/** Returns the stored request and deletes it, only if its request id is the one asked for. */
const TAKE_IF_CURRENT = new LuaScript(
  `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
if cjson.decode(raw).requestId ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
return raw
`,
  1,
);

export const PENDING_CORRECTION_TTL_SECONDS = 7 * 24 * 3600;

export class PhoneCorrectionStore {
  constructor(
    private readonly redis: Redis,
    /** The deployment's key prefix (config.REDIS_PREFIX). */
    private readonly prefix: string,
    readonly ttlSeconds = PENDING_CORRECTION_TTL_SECONDS,
  ) {}

  key(waveId: string, userId: string): string {
    return rolloutKeys(this.prefix).phoneCorrection(waveId, userId);
  }

  async save(pending: PendingCorrection, ttlSeconds = this.ttlSeconds): Promise<void> {
    await this.redis.set(
      this.key(pending.waveId, pending.userId),
      JSON.stringify(pending),
      'EX',
      Math.max(1, ttlSeconds),
    );
  }

  async get(waveId: string, userId: string): Promise<PendingCorrection | undefined> {
    const raw = await this.redis.get(this.key(waveId, userId));
    return raw ? (JSON.parse(raw) as PendingCorrection) : undefined;
  }

  /**
   * Claims the request for a decision: exactly one of two admins clicking at once gets it; a
   * replaced or expired request gives undefined.
   */
  async take(waveId: string, userId: string, requestId: string): Promise<PendingCorrection | undefined> {
    const raw = await TAKE_IF_CURRENT.run(this.redis, this.key(waveId, userId), requestId);
    return typeof raw === 'string' ? (JSON.parse(raw) as PendingCorrection) : undefined;
  }

  /** Puts a claimed request back (writing the number failed): the helpdesk can try again. */
  async restore(pending: PendingCorrection, now: Date): Promise<void> {
    const age = Math.floor((now.getTime() - Date.parse(pending.requestedAt)) / 1000);
    await this.save(pending, this.ttlSeconds - Math.max(0, age));
  }

  async delete(waveId: string, userId: string): Promise<void> {
    await this.redis.del(this.key(waveId, userId));
  }
}
