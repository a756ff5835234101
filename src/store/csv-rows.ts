import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type CsvUserRef, csvUserKey, isObjectId, isUserPrincipalName } from '../rollout/csv-row';
import { type RolloutKeys, rolloutKeys } from './keys';
import { LuaScript } from './lua-script';

/** Rows of an import that never completed (crash, refused file) disappear after this. */
const PENDING_TTL_SECONDS = 24 * 3600;

/**
 * Appends rows not seen before, in one step per chunk. KEYS: seen hash, rows list. ARGV: ttl, then
 * (dedupe key, line, stored row or '' to store nothing) triples. Returns, per row, 0 when it was new
 * or the line it first appeared on.
 */
const ADD_ROWS = new LuaScript(
  `
local out = {}
local rows = {}
for i = 2, #ARGV, 3 do
  local first = redis.call('HGET', KEYS[1], ARGV[i])
  if first then
    out[#out + 1] = tonumber(first)
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    out[#out + 1] = 0
    if ARGV[i + 2] ~= '' then rows[#rows + 1] = ARGV[i + 2] end
  end
end
if #rows > 0 then redis.call('RPUSH', KEYS[2], unpack(rows)) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return out
`,
  2,
);

/** How a row is kept in Redis: the identifier and its line, nothing else from the file. */
const storedRowSchema = z.union([
  z.object({ line: z.number().int().positive(), id: z.string().refine(isObjectId) }),
  z.object({ line: z.number().int().positive(), upn: z.string().refine(isUserPrincipalName) }),
]);

export interface StoredCsvRow {
  line: number;
  user: CsvUserRef;
}

export function encodeStoredRow(row: StoredCsvRow): string {
  return JSON.stringify(
    row.user.kind === 'id' ? { line: row.line, id: row.user.value } : { line: row.line, upn: row.user.value },
  );
}

export function decodeStoredRow(raw: string): StoredCsvRow | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = storedRowSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const row = parsed.data;
  return 'id' in row
    ? { line: row.line, user: { kind: 'id', value: row.id } }
    : { line: row.line, user: { kind: 'upn', value: row.upn } };
}

export interface CsvUnresolvedRow {
  line: number;
  /** The UPN or object id as the file gave it. */
  user: string;
  reason: string;
}

export interface CsvWaveReport {
  /** Distinct users the file named (stored rows). */
  rows: number;
  unresolvedCount: number;
  /** The first unresolved rows by line. */
  unresolved: CsvUnresolvedRow[];
}

/**
 * A CSV wave's rows in Redis: while a file is imported, a dedupe table (identifier → first line)
 * and the distinct rows in file order, both expiring unless the import is committed; then the rows
 * the expansion reads a chunk at a time, and the ones the directory did not know.
 */
export class CsvRowStore {
  private readonly keys: RolloutKeys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.keys = rolloutKeys(prefix);
  }

  /**
   * Adds the rows not seen before in this import (a user written twice, in any case, is seen once);
   * stores them too unless `keep` is false (a dry run). Returns, per row, 0 when it was new or the
   * line the same user was first seen on.
   */
  async addRows(importId: string, rows: readonly StoredCsvRow[], keep: boolean): Promise<number[]> {
    return this.add(
      importId,
      rows.flatMap((row) => [csvUserKey(row.user), String(row.line), keep ? encodeStoredRow(row) : '']),
    );
  }

  /**
   * Notes the directory's user id of rows already added: the same person named once by object id
   * and once by UPN is a duplicate, found through the directory. Returns what addRows does.
   */
  async addDirectoryIds(
    importId: string,
    users: ReadonlyArray<{ line: number; userId: string }>,
  ): Promise<number[]> {
    return this.add(
      importId,
      users.flatMap(({ line, userId }) => [`user:${userId.toLowerCase()}`, String(line), '']),
    );
  }

  private async add(importId: string, triples: string[]): Promise<number[]> {
    const firstLines = (await ADD_ROWS.run(
      this.redis,
      this.keys.csvImportSeen(importId),
      this.keys.waveCsvRows(importId),
      String(PENDING_TTL_SECONDS),
      ...triples,
    )) as number[];
    return firstLines.map(Number);
  }

  /** A dry run is over: its dedupe table goes (it stored no rows). */
  async forgetSeen(importId: string): Promise<void> {
    await this.redis.del(this.keys.csvImportSeen(importId));
  }

  /** The import became a wave: its rows stay, its dedupe table goes. */
  async commit(waveId: string): Promise<void> {
    await this.redis
      .multi()
      .persist(this.keys.waveCsvRows(waveId))
      .del(this.keys.csvImportSeen(waveId))
      .exec();
  }

  /** The import was refused (or failed): nothing of it stays. */
  async discard(importId: string): Promise<void> {
    await this.redis.del(this.keys.waveCsvRows(importId), this.keys.csvImportSeen(importId));
  }

  async count(waveId: string): Promise<number> {
    return this.redis.llen(this.keys.waveCsvRows(waveId));
  }

  /** Up to `count` stored rows from index `offset`; undefined for a row that cannot be read. */
  async readRows(waveId: string, offset: number, count: number): Promise<Array<StoredCsvRow | undefined>> {
    const raws = await this.redis.lrange(this.keys.waveCsvRows(waveId), offset, offset + count - 1);
    return raws.map(decodeStoredRow);
  }

  /** Rows the directory did not know (or refused), by identifier, with why: a row found again is kept once. */
  async addUnresolved(
    waveId: string,
    rows: ReadonlyArray<{ row: StoredCsvRow; reason: string }>,
  ): Promise<void> {
    if (!rows.length) return;
    const byUser: Record<string, string> = {};
    for (const { row, reason } of rows) {
      const entry: CsvUnresolvedRow = { line: row.line, user: row.user.value, reason };
      byUser[csvUserKey(row.user)] = JSON.stringify(entry);
    }
    await this.redis.hset(this.keys.waveCsvUnresolved(waveId), byUser);
  }

  /** What the expansion made of a wave's rows: how many, and which ones the directory did not know. */
  async report(waveId: string, limit = 100): Promise<CsvWaveReport> {
    const unresolvedKey = this.keys.waveCsvUnresolved(waveId);
    const [rows, unresolvedCount] = await Promise.all([
      this.redis.llen(this.keys.waveCsvRows(waveId)),
      this.redis.hlen(unresolvedKey),
    ]);
    let kept: CsvUnresolvedRow[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(unresolvedKey, cursor, 'COUNT', 500);
      cursor = next;
      for (let i = 1; i < flat.length; i += 2) kept.push(JSON.parse(flat[i]!) as CsvUnresolvedRow);
      // Keep the first `limit` by line without holding them all.
      if (kept.length > limit * 2) kept = kept.sort((a, b) => a.line - b.line).slice(0, limit);
    } while (cursor !== '0');
    return { rows, unresolvedCount, unresolved: kept.sort((a, b) => a.line - b.line).slice(0, limit) };
  }
}
