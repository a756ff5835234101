import { PhoneReadError, readPhoneMethodsBatch } from '../graph/phone-batch';
import { type PhoneWrite, type PhoneWriteResult, writePhoneMethods } from '../graph/phone-writes';
import type { PhoneType } from '../rollout/directory';
import { openPhone } from '../rollout/pending-phone-crypto';
import { maskPhone } from '../rollout/phone-mask';
import {
  ACTIONABLE_DECISIONS,
  type PreloadOutcome,
  planUserPhones,
  type TargetPhones,
} from '../rollout/preload-plan';
import { preloadRowContext, type StoredPreloadRow } from '../store/preload-runs';
import type { RolloutDeps } from './deps';
import { NotRetryableError } from './not-retryable';
import { getPreloadRun } from './preload-run';
import { reportPreloadProgress } from './report-preload-progress';

/**
 * The apply of a phone preload, in the worker: the stored rows in order, a chunk at a time. Each
 * chunk re-reads the users' phone methods (`$batch`), decides again (a number that changed since
 * the dry run is held unless the run overwrites), writes, then records every user's outcome and
 * moves the cursor in one step. Users about to be written are marked first: after a crash the
 * chunk is redone, and a user whose write landed reads back as unchanged and keeps its outcome, so
 * nothing is written twice, skipped or counted twice.
 */
export const PRELOAD_APPLY_CHUNK = 200;

interface UserWork {
  row: StoredPreloadRow;
  userId: string;
  targets: TargetPhones;
}

function openTargets(deps: RolloutDeps, preloadId: string, row: StoredPreloadRow): TargetPhones {
  const targets: TargetPhones = {};
  for (const [type, sealed] of Object.entries(row.sealed ?? {}) as Array<[PhoneType, string]>) {
    targets[type] = openPhone(
      sealed,
      deps.config.ACTION_TOKEN_SECRET,
      preloadRowContext(preloadId, row.line, type),
    );
  }
  return targets;
}

export async function runPreloadApply(deps: RolloutDeps, preloadId: string): Promise<string> {
  const [summary, progress] = await Promise.all([
    deps.preloads.summary(preloadId),
    deps.preloads.progress(preloadId),
  ]);
  if (!summary || !progress) throw new NotRetryableError(`phone preload ${preloadId} is gone`);
  if (progress.status === 'done') return 'done';
  if (progress.status !== 'applying')
    throw new NotRetryableError(`phone preload ${preloadId} was not started`);
  const total = await deps.preloads.rowCount(preloadId);
  if (total < summary.total) throw new NotRetryableError(`phone preload ${preloadId}: its rows expired`);
  const prepare = (start: number): Promise<PreparedChunk> | undefined => {
    if (start >= total) return undefined;
    const prepared = prepareChunk(deps, preloadId, summary.overwrite, start);
    // Awaited below; a failure while the chunk before is written must not go unhandled meanwhile.
    prepared.catch(() => undefined);
    return prepared;
  };
  // The next chunk is read and decided while this one is written: the write budget never waits on reads.
  let next = prepare(progress.cursor);
  while (next) {
    const chunk = await next;
    if (!chunk.rowCount) break;
    next = prepare(chunk.nextCursor);
    await commitChunk(deps, preloadId, chunk);
    const run = await getPreloadRun(deps, preloadId);
    if (run) await reportPreloadProgress(deps, run);
  }
  const at = deps.now().toISOString();
  await deps.preloads.finish(preloadId, at);
  const run = await getPreloadRun(deps, preloadId);
  await deps.audit.append({
    at,
    actor: 'queue',
    action: 'phone-preload-applied',
    detail: `${preloadId}: ${Object.entries(run?.outcomes ?? {})
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(', ')}`,
  });
  if (run) await reportPreloadProgress(deps, run);
  return 'done';
}

/** A chunk read and decided: what to write, and each user's outcome if the writes succeed. */
interface PreparedChunk {
  rows: readonly StoredPreloadRow[];
  rowCount: number;
  nextCursor: number;
  outcomes: Map<string, PreloadOutcome>;
  planned: Map<string, PreloadOutcome>;
  writes: PhoneWrite[];
  overwrites: Array<{ userId: string; line: number; types: PhoneType[] }>;
}

async function prepareChunk(
  deps: RolloutDeps,
  preloadId: string,
  overwrite: boolean,
  start: number,
): Promise<PreparedChunk> {
  const rows = await deps.preloads.rows(preloadId, start, PRELOAD_APPLY_CHUNK);
  const work: UserWork[] = rows
    .filter((row) => ACTIONABLE_DECISIONS.has(row.decision) && row.userId && row.sealed)
    .map((row) => ({ row, userId: row.userId!, targets: openTargets(deps, preloadId, row) }));
  const recorded = await deps.preloads.userOutcomes(
    preloadId,
    work.map((item) => item.userId),
  );
  const todo = work.filter(
    (item) => !recorded.get(item.userId) || recorded.get(item.userId)!.startsWith('pending:'),
  );
  const methods = await readPhoneMethodsBatch(
    deps.graph,
    todo.map((item) => item.userId),
  );
  const outcomes = new Map<string, PreloadOutcome>();
  const planned = new Map<string, PreloadOutcome>();
  const writes: PhoneWrite[] = [];
  const overwrites: Array<{ userId: string; line: number; types: PhoneType[] }> = [];
  for (const item of todo) {
    const existing = methods.get(item.userId);
    if (existing instanceof PhoneReadError) {
      if (existing.reason === 'user-not-found') outcomes.set(item.userId, 'user-not-found');
      else if (existing.reason === 'throttled') throw existing;
      else outcomes.set(item.userId, 'failed');
      continue;
    }
    const plan = planUserPhones({ targets: item.targets, existing: existing ?? [], overwrite });
    const outcome: PreloadOutcome = plan.held.length
      ? 'held'
      : plan.decision === 'overwrite'
        ? 'overwritten'
        : plan.decision === 'add'
          ? 'added'
          : 'unchanged';
    // Written before a crash: it reads back equal, and keeps the outcome it was written for.
    const before = recorded.get(item.userId)?.slice('pending:'.length) as PreloadOutcome | undefined;
    outcomes.set(item.userId, outcome === 'unchanged' && before ? before : outcome);
    if (!plan.writes.length) continue;
    planned.set(item.userId, outcome);
    if (plan.decision === 'overwrite')
      overwrites.push({
        userId: item.userId,
        line: item.row.line,
        types: plan.writes.map((w) => w.phoneType),
      });
    for (const write of plan.writes) {
      writes.push({ key: `${item.userId}|${write.phoneType}`, userId: item.userId, ...write });
    }
  }
  return {
    rows,
    rowCount: rows.length,
    nextCursor: start + rows.length,
    outcomes,
    planned,
    writes,
    overwrites,
  };
}

async function commitChunk(deps: RolloutDeps, preloadId: string, chunk: PreparedChunk): Promise<void> {
  const { rows, outcomes, planned, writes, overwrites } = chunk;
  await deps.preloads.markPending(preloadId, planned);
  // Paced under the fleet's identity write budget; the writer sends alternate mobiles after mobiles.
  const results = writes.length
    ? await writePhoneMethods(deps.graph, writes, { pacer: deps.identityWrites })
    : new Map<string, PhoneWriteResult>();
  for (const write of writes) {
    const result = results.get(write.key);
    const current = outcomes.get(write.userId);
    if (result?.outcome === 'written' || current === 'failed' || current === 'user-not-found') continue;
    outcomes.set(
      write.userId,
      result?.outcome === 'user-not-found'
        ? 'user-not-found'
        : result?.outcome === 'exists'
          ? 'held'
          : 'failed',
    );
  }
  const at = deps.now().toISOString();
  for (const overwritten of overwrites) {
    if (outcomes.get(overwritten.userId) !== 'overwritten') continue;
    const row = rows.find((item) => item.line === overwritten.line);
    await deps.audit.append({
      at,
      actor: 'queue',
      action: 'phone-preload-overwrite',
      userId: overwritten.userId,
      to: overwritten.types.map((type) => `${type} ${row?.masked?.[type] ?? maskPhone('')}`).join(', '),
      detail: preloadId,
    });
  }
  await deps.preloads.recordChunk(preloadId, chunk.nextCursor, outcomes);
}
