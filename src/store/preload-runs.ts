import type { Redis } from 'ioredis';
import type { PhoneType } from '../rollout/directory';
import {
  type InvalidNumber,
  PRELOAD_OUTCOMES,
  type PreloadDecision,
  type PreloadOutcome,
} from '../rollout/preload-plan';
import { LuaScript } from './lua-script';

/**
 * A phone preload's dry run and its apply, in Redis. The rows keep numbers only sealed
 * (rollout/pending-phone-crypto) and for a day at most (the dry run, then the apply); what changes while the
 * apply runs (status, progress counters, the card, each user's outcome) sits in hashes so every
 * step is one atomic write and a crashed apply resumes from what they say.
 */

/** How long a dry run can be applied (and its sealed numbers kept). */
export const PRELOAD_PREVIEW_TTL_SECONDS = 24 * 3600;
/** The run's summary and outcomes stay a week for `getPreloadRun` and the report. */
export const PRELOAD_RUN_TTL_SECONDS = 7 * 24 * 3600;

export type PreloadStatus = 'previewed' | 'applying' | 'done';

export interface PreloadActor {
  id: string;
  name: string;
}

export type PreloadSourceInfo = { kind: 'csv'; fileName: string } | { kind: 'directory'; waveId: string };

/** One row of the dry run, as stored: masked numbers for the report, sealed ones for the apply. */
export interface StoredPreloadRow {
  line: number;
  /** The user as the file named them (UPN or object id), for the report. */
  user: string;
  userId?: string;
  decision: PreloadDecision;
  invalid?: InvalidNumber;
  /** A duplicate row: the line that named the user first. */
  firstLine?: number;
  /** Types whose different existing number was held back. */
  held?: PhoneType[];
  /** The numbers Graph holds for the held types, masked, for the report. */
  current?: Partial<Record<PhoneType, string>>;
  masked?: Partial<Record<PhoneType, string>>;
  /** A line the CSV reader refused, in words (never a cell's value). */
  detail?: string;
  /** AES-256-GCM under `preloadRowContext(preloadId, line, type)`; only actionable rows have them. */
  sealed?: Partial<Record<PhoneType, string>>;
}

/** What the dry run decided: fixed once stored. */
export interface PreloadSummary {
  id: string;
  source: PreloadSourceInfo;
  requestedBy: PreloadActor;
  overwrite: boolean;
  createdAt: string;
  /** After this the dry run can no longer be applied. */
  expiresAt: string;
  /** Rows read (every decision). */
  total: number;
  counts: Record<PreloadDecision, number>;
  /** Rows the apply works on (known, included users with numbers that parse). */
  toApply: number;
}

export interface PreloadProgress {
  status: PreloadStatus;
  appliedBy?: PreloadActor;
  startedAt?: string;
  finishedAt?: string;
  /** Stored rows handled so far, in order: where a resumed apply picks up. */
  cursor: number;
  /** Actionable rows done so far. */
  processed: number;
  outcomes: Record<PreloadOutcome, number>;
  card?: { conversationId: string; activityId: string };
}

/** Moves a previewed run to applying, once. KEYS: progress. ARGV: actor JSON, started at. */
const CLAIM = new LuaScript(
  `
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'previewed' then return status or false end
redis.call('HSET', KEYS[1], 'status', 'applying', 'appliedBy', ARGV[1], 'startedAt', ARGV[2])
return 'claimed'
`,
  1,
);

/**
 * Records a chunk's outcomes and moves the cursor, in one step, only for users not recorded yet (a
 * chunk redone after a crash counts nobody twice). KEYS: progress, users. ARGV: cursor, then
 * (user id, outcome) pairs.
 */
const RECORD_CHUNK = new LuaScript(
  `
for i = 2, #ARGV, 2 do
  local previous = redis.call('HGET', KEYS[2], ARGV[i])
  if not previous or string.sub(previous, 1, 8) == 'pending:' then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
    redis.call('HINCRBY', KEYS[1], 'outcome:' .. ARGV[i + 1], 1)
    redis.call('HINCRBY', KEYS[1], 'processed', 1)
  end
end
local cursor = tonumber(redis.call('HGET', KEYS[1], 'cursor') or '0')
if tonumber(ARGV[1]) > cursor then redis.call('HSET', KEYS[1], 'cursor', ARGV[1]) end
return 1
`,
  2,
);

export function preloadRowContext(preloadId: string, line: number, phoneType: PhoneType): string {
  return `phone-preload\n${preloadId}\n${line}\n${phoneType}`;
}

export class PreloadRunStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(preloadId: string, part: 'summary' | 'rows' | 'progress' | 'users'): string {
    return `${this.prefix}:preload:${preloadId}:${part}`;
  }

  /** Rows of a dry run being read; they expire with the dry run. */
  async appendRows(preloadId: string, rows: readonly StoredPreloadRow[]): Promise<void> {
    if (!rows.length) return;
    const key = this.key(preloadId, 'rows');
    await this.redis
      .multi()
      .rpush(key, ...rows.map((row) => JSON.stringify(row)))
      .expire(key, PRELOAD_PREVIEW_TTL_SECONDS)
      .exec();
  }

  /** The dry run is complete: it can be applied until `expiresAt`. */
  async savePreview(summary: PreloadSummary): Promise<void> {
    const progress = this.key(summary.id, 'progress');
    await this.redis
      .multi()
      .set(this.key(summary.id, 'summary'), JSON.stringify(summary), 'EX', PRELOAD_RUN_TTL_SECONDS)
      .hset(progress, { status: 'previewed', cursor: 0, processed: 0 })
      .expire(progress, PRELOAD_RUN_TTL_SECONDS)
      .exec();
  }

  /** A dry run that was refused: nothing of it stays. */
  async discard(preloadId: string): Promise<void> {
    await this.redis.del(this.key(preloadId, 'rows'));
  }

  async summary(preloadId: string): Promise<PreloadSummary | undefined> {
    const raw = await this.redis.get(this.key(preloadId, 'summary'));
    return raw ? (JSON.parse(raw) as PreloadSummary) : undefined;
  }

  async progress(preloadId: string): Promise<PreloadProgress | undefined> {
    const raw = await this.redis.hgetall(this.key(preloadId, 'progress'));
    if (!raw.status) return undefined;
    const outcomes = Object.fromEntries(
      PRELOAD_OUTCOMES.map((outcome) => [outcome, Number(raw[`outcome:${outcome}`] ?? 0)]),
    ) as Record<PreloadOutcome, number>;
    return {
      status: raw.status as PreloadStatus,
      ...(raw.appliedBy ? { appliedBy: JSON.parse(raw.appliedBy) as PreloadActor } : {}),
      ...(raw.startedAt ? { startedAt: raw.startedAt } : {}),
      ...(raw.finishedAt ? { finishedAt: raw.finishedAt } : {}),
      cursor: Number(raw.cursor ?? 0),
      processed: Number(raw.processed ?? 0),
      outcomes,
      ...(raw.card ? { card: JSON.parse(raw.card) as PreloadProgress['card'] } : {}),
    };
  }

  /**
   * Starts the apply: 'claimed' once; otherwise the status it already had (or undefined when the run
   * is unknown). The rows are kept as long as the run from here on, so a slow apply finds them.
   */
  async claim(
    preloadId: string,
    actor: PreloadActor,
    at: string,
  ): Promise<'claimed' | PreloadStatus | undefined> {
    const result = (await CLAIM.run(
      this.redis,
      this.key(preloadId, 'progress'),
      JSON.stringify(actor),
      at,
    )) as string | null;
    // The sealed rows live a day from the apply's start (it takes well under an hour), then expire.
    if (result === 'claimed')
      await this.redis.expire(this.key(preloadId, 'rows'), PRELOAD_PREVIEW_TTL_SECONDS);
    return (result ?? undefined) as 'claimed' | PreloadStatus | undefined;
  }

  async rows(preloadId: string, start: number, count: number): Promise<StoredPreloadRow[]> {
    const raw = await this.redis.lrange(this.key(preloadId, 'rows'), start, start + count - 1);
    return raw.map((text) => JSON.parse(text) as StoredPreloadRow);
  }

  async rowCount(preloadId: string): Promise<number> {
    return this.redis.llen(this.key(preloadId, 'rows'));
  }

  /** What the apply recorded per user so far (outcome, or `pending:<decision>` while being written). */
  async userOutcomes(preloadId: string, userIds: readonly string[]): Promise<Map<string, string>> {
    if (!userIds.length) return new Map();
    const values = await this.redis.hmget(this.key(preloadId, 'users'), ...userIds);
    const out = new Map<string, string>();
    userIds.forEach((userId, index) => {
      const value = values[index];
      if (value) out.set(userId, value);
    });
    return out;
  }

  /** Before a chunk's writes: which users are being written, so a crash after the write is told apart. */
  async markPending(preloadId: string, pending: ReadonlyMap<string, PreloadOutcome>): Promise<void> {
    if (!pending.size) return;
    const key = this.key(preloadId, 'users');
    const fields: string[] = [];
    for (const [userId, outcome] of pending) fields.push(userId, `pending:${outcome}`);
    await this.redis
      .multi()
      .hset(key, ...fields)
      .expire(key, PRELOAD_RUN_TTL_SECONDS)
      .exec();
  }

  /** A chunk done: each user's outcome (counted once), and the cursor past it. */
  async recordChunk(
    preloadId: string,
    cursor: number,
    outcomes: ReadonlyMap<string, PreloadOutcome>,
  ): Promise<void> {
    const args: string[] = [String(cursor)];
    for (const [userId, outcome] of outcomes) args.push(userId, outcome);
    await RECORD_CHUNK.run(
      this.redis,
      this.key(preloadId, 'progress'),
      this.key(preloadId, 'users'),
      ...args,
    );
  }

  async finish(preloadId: string, at: string): Promise<void> {
    // The rows stay until they expire: the report is read from them.
    await this.redis.hset(this.key(preloadId, 'progress'), { status: 'done', finishedAt: at });
  }

  /** Where the run's card is (the Teams side updates it in place). */
  async setCard(preloadId: string, card: { conversationId: string; activityId: string }): Promise<void> {
    await this.redis.hset(this.key(preloadId, 'progress'), 'card', JSON.stringify(card));
  }
}
