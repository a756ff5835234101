import type { Redis } from 'ioredis';
import { type RolloutEvent, type TransitionResult, transition } from '../rollout/transitions';
import {
  type DeliveryAttempt,
  USER_STATUSES,
  type UserStatus,
  type WaveUserRecord,
} from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { ReadyMethod } from '../rollout/wave-digest';
import { type AuditEntry, auditFields } from './audit-log';
import type { RolloutKeys } from './keys';
import { transitionAuditDetail } from './transition-audit';
import {
  CAS_TRANSITION,
  CLAIM_AND_INSERT_USERS,
  MAX_ATTEMPTS_KEPT,
  readyIndexChange,
} from './wave-user-scripts';

export interface AddedUsers {
  /** Users new to the wave. */
  added: number;
  /** Users in the wave after the call (new ones and those already there), in the order given. */
  inWave: string[];
  /** Users left out because another active wave has them. */
  leftOut: string[];
}

export class VersionConflictError extends Error {
  constructor(waveId: string, userId: string) {
    super(`user ${userId} in wave ${waveId} kept changing; gave up after several attempts`);
    this.name = 'VersionConflictError';
  }
}

export class UnknownWaveUserError extends Error {
  constructor(waveId: string, userId: string) {
    super(`user ${userId} is not part of wave ${waveId}`);
    this.name = 'UnknownWaveUserError';
  }
}

export interface ApplyOptions {
  now?: () => Date;
  /** The record as the caller just read it: saves the first read; compare-and-set still guards it. */
  known?: WaveUserRecord;
  /** Appended to the user's attempt log in the same write as the transition (not if it is refused). */
  withAttempt?: DeliveryAttempt;
  /** The conversation lease owner to release in the same write (not if the transition is refused). */
  releasingLease?: string;
}

export interface AppliedTransition {
  result: TransitionResult;
  /** The record as stored after the call (unchanged when the event was refused). */
  record: WaveUserRecord;
}

const CAS_RETRIES = 8;

export class RolloutRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  async saveWave(wave: Wave): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.wave(wave.id), JSON.stringify(wave))
      .zadd(this.keys.waves, Date.parse(wave.createdAt), wave.id)
      // Born indexed: its users are claimed as they are added (the older waves are indexed on first use).
      .sadd(this.keys.activeWaveIndexed, wave.id)
      .exec();
  }

  async getWave(waveId: string): Promise<Wave | undefined> {
    const raw = await this.redis.get(this.keys.wave(waveId));
    return raw ? (JSON.parse(raw) as Wave) : undefined;
  }

  /** Newest first. */
  async listWaves(limit = 20): Promise<Wave[]> {
    const ids = await this.redis.zrevrange(this.keys.waves, 0, limit - 1);
    if (!ids.length) return [];
    const raws = await this.redis.mget(ids.map((id) => this.keys.wave(id)));
    return raws.filter((raw): raw is string => Boolean(raw)).map((raw) => JSON.parse(raw) as Wave);
  }

  async updateWave(waveId: string, patch: Partial<Omit<Wave, 'id'>>): Promise<Wave> {
    const wave = await this.getWave(waveId);
    if (!wave) throw new Error(`wave ${waveId} does not exist`);
    const updated = { ...wave, ...patch };
    await this.redis.set(this.keys.wave(waveId), JSON.stringify(updated));
    return updated;
  }

  /** Adds the users another active wave does not have; see CLAIM_AND_INSERT_USERS. */
  async addUsers(waveId: string, records: readonly WaveUserRecord[]): Promise<AddedUsers> {
    const result: AddedUsers = { added: 0, inWave: [], leftOut: [] };
    if (!records.length) return result;
    const args = records.flatMap((record) => [
      record.userId,
      record.userPrincipalName.toLowerCase(),
      JSON.stringify(record),
    ]);
    const outcomes = (await CLAIM_AND_INSERT_USERS.run(
      this.redis,
      this.keys.waveUsers(waveId),
      this.keys.waveStatus(waveId, 'targeted'),
      this.keys.activeWaveOfUser,
      this.keys.userIdOfUpn,
      this.keys.waveLeftOut(waveId),
      waveId,
      ...args,
    )) as number[];
    records.forEach((record, index) => {
      const outcome = Number(outcomes[index]);
      if (outcome === 0) result.leftOut.push(record.userId);
      else {
        result.inWave.push(record.userId);
        if (outcome === 1) result.added++;
      }
    });
    return result;
  }

  /** Every user id of the wave, `count` at a time (HSCAN: a user added meanwhile may or may not be seen). */
  async *scanUserIds(waveId: string, count = 200): AsyncGenerator<string[]> {
    let cursor = '0';
    do {
      const [next, fields] = await this.redis.hscan(this.keys.waveUsers(waveId), cursor, 'COUNT', count);
      cursor = next;
      const ids = fields.filter((_, index) => index % 2 === 0);
      if (ids.length) yield ids;
    } while (cursor !== '0');
  }

  /** Users the wave left out because another active wave had them. */
  async countLeftOut(waveId: string): Promise<number> {
    return this.redis.scard(this.keys.waveLeftOut(waveId));
  }

  async getUser(waveId: string, userId: string): Promise<WaveUserRecord | undefined> {
    const raw = await this.redis.hget(this.keys.waveUsers(waveId), userId);
    return raw ? (JSON.parse(raw) as WaveUserRecord) : undefined;
  }

  async getUsers(waveId: string, userIds: readonly string[]): Promise<WaveUserRecord[]> {
    if (!userIds.length) return [];
    const raws = await this.redis.hmget(this.keys.waveUsers(waveId), ...userIds);
    return raws.filter((raw): raw is string => Boolean(raw)).map((raw) => JSON.parse(raw) as WaveUserRecord);
  }

  async countByStatus(waveId: string): Promise<Record<UserStatus, number>> {
    const pipeline = this.redis.pipeline();
    for (const status of USER_STATUSES) pipeline.scard(this.keys.waveStatus(waveId, status));
    const results = (await pipeline.exec()) ?? [];
    return Object.fromEntries(
      USER_STATUSES.map((status, i) => [status, Number(results[i]?.[1] ?? 0)]),
    ) as Record<UserStatus, number>;
  }

  async userIdsWithStatus(waveId: string, status: UserStatus, limit = 1000): Promise<string[]> {
    return this.scanIds(this.keys.waveStatus(waveId, status), limit);
  }

  /** How many ready users have a strong method and how many only a phone. */
  async countReadyByMethod(waveId: string): Promise<Record<ReadyMethod, number>> {
    const [strong, phoneOnly] = await Promise.all([
      this.redis.scard(this.keys.waveReadyBy(waveId, 'strong')),
      this.redis.scard(this.keys.waveReadyBy(waveId, 'phone-only')),
    ]);
    return { strong, 'phone-only': phoneOnly };
  }

  async readyUserIds(waveId: string, method: ReadyMethod, limit = 1000): Promise<string[]> {
    return this.scanIds(this.keys.waveReadyBy(waveId, method), limit);
  }

  /** Up to `limit` members of a set, read in pages: never the whole of a large set at once. */
  private async scanIds(key: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.sscan(key, cursor, 'COUNT', 500);
      cursor = next;
      ids.push(...batch);
    } while (cursor !== '0' && ids.length < limit);
    return ids.slice(0, limit);
  }

  /**
   * Loads the user, lets the domain core decide, and stores the result with compare-and-set,
   * retrying when another worker changed the user in between.
   */
  async apply(
    waveId: string,
    userId: string,
    event: RolloutEvent,
    actor: string,
    options: ApplyOptions = {},
  ): Promise<AppliedTransition> {
    const now = options.now ?? (() => new Date());
    for (let attempt = 0; attempt < CAS_RETRIES; attempt++) {
      const record = attempt === 0 && options.known ? options.known : await this.getUser(waveId, userId);
      if (!record) throw new UnknownWaveUserError(waveId, userId);
      const at = now();
      const result = transition(record, event, at);
      if (!result.ok) return { result, record };
      const audit: AuditEntry = {
        at: at.toISOString(),
        actor,
        action: event.type,
        waveId,
        userId,
        from: record.status,
        to: result.record.status,
        detail: transitionAuditDetail(event),
      };
      const written = await CAS_TRANSITION.run(
        this.redis,
        this.keys.waveUsers(waveId),
        this.keys.waveStatus(waveId, record.status),
        this.keys.waveStatus(waveId, result.record.status),
        this.keys.audit,
        this.keys.attempts(waveId, userId),
        this.keys.conversationLock(userId),
        this.keys.waveReadyBy(waveId, 'strong'),
        this.keys.waveReadyBy(waveId, 'phone-only'),
        userId,
        String(record.version),
        JSON.stringify(result.record),
        options.withAttempt ? JSON.stringify(options.withAttempt) : '',
        options.releasingLease ?? '',
        readyIndexChange(record, result.record),
        ...auditFields(audit),
      );
      if (Number(written) === 1) return { result, record: result.record };
      if (Number(written) === -1) throw new UnknownWaveUserError(waveId, userId);
    }
    throw new VersionConflictError(waveId, userId);
  }

  async digestActivity(waveId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.waveDigest(waveId))) ?? undefined;
  }

  async saveDigestActivity(waveId: string, activityId: string): Promise<void> {
    await this.redis.set(this.keys.waveDigest(waveId), activityId);
  }

  async recordAttempt(waveId: string, userId: string, attempt: DeliveryAttempt): Promise<void> {
    const key = this.keys.attempts(waveId, userId);
    // No MULTI: the two commands leave in one write anyway (auto-pipelining), and a trim that did
    // not happen only leaves one entry too many until the next attempt.
    await Promise.all([
      this.redis.rpush(key, JSON.stringify(attempt)),
      this.redis.ltrim(key, -MAX_ATTEMPTS_KEPT, -1),
    ]);
  }

  async attempts(waveId: string, userId: string): Promise<DeliveryAttempt[]> {
    const raws = await this.redis.lrange(this.keys.attempts(waveId, userId), 0, -1);
    return raws.map((raw) => JSON.parse(raw) as DeliveryAttempt);
  }
}
