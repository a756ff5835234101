import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { readWaveRows } from '../csv/wave-rows';
import { PhoneReadError, readPhoneMethodsBatch } from '../graph/phone-batch';
import { readUsersBatch, UserLookupError } from '../graph/user-batch';
import { csvUserKey } from '../rollout/csv-row';
import type { PhoneType } from '../rollout/directory';
import { sealPhone } from '../rollout/pending-phone-crypto';
import { maskPhone } from '../rollout/phone-mask';
import type { PhoneProblem } from '../rollout/phone-number';
import {
  ACTIONABLE_DECISIONS,
  decideBeforeRead,
  emptyPreloadCounts,
  type PreloadDecision,
  type PreloadInputRow,
  type PreloadUserLookup,
  planUserPhones,
  type TargetPhones,
} from '../rollout/preload-plan';
import {
  PRELOAD_PREVIEW_TTL_SECONDS,
  type PreloadActor,
  type PreloadSourceInfo,
  type PreloadSummary,
  preloadRowContext,
  type StoredPreloadRow,
} from '../store/preload-runs';
import type { RolloutDeps } from './deps';
import { directoryPreloadRows } from './preload-directory-rows';

/**
 * The dry run of a phone preload (always first): reads the file (or a wave's users' directory
 * numbers), looks every user and their phone methods up, decides each row (rollout/preload-plan)
 * and stores the decisions under a new preload id, numbers sealed, for `applyPreload`. Nothing is
 * written to Graph.
 */

export type PreloadSource =
  | { kind: 'csv'; stream: Readable; fileName: string }
  | { kind: 'directory'; waveId: string };

export interface PreviewPreloadRequest {
  source: PreloadSource;
  requestedBy: PreloadActor;
  /** Replace a different existing number (audited per user on apply). */
  overwrite: boolean;
}

/** A row the apply will not do as the file asks, for cards and the CLI. */
export interface PreloadRowReport {
  line: number;
  /** The user as the file named them. */
  user: string;
  decision: PreloadDecision;
  /** Locale key of the reason, under `preload.report.*`. */
  messageKey: string;
  phoneType?: PhoneType;
  problem?: PhoneProblem;
  usageLocation?: string;
  firstLine?: number;
  /** A CSV problem in words (English, never a cell's value). */
  detail?: string;
}

export type PreloadPreviewFailure = 'unreadable-file' | 'no-phone-column' | 'no-rows' | 'unknown-wave';

export interface PreloadPreviewError {
  reason: PreloadPreviewFailure;
  /** Locale key, `preload.report.error.<reason>`. */
  messageKey: string;
  line?: number;
  detail?: string;
}

export type PreloadPreview =
  | {
      ok: true;
      preloadId: string;
      counts: Record<PreloadDecision, number>;
      /** The first problems by line (10 at most). */
      problems: PreloadRowReport[];
      total: number;
      /** Rows the apply will look at again (known, included users with numbers that parse). */
      toApply: number;
      expiresAt: string;
    }
  | { ok: false; error: PreloadPreviewError };

export const PRELOAD_PROBLEMS_LISTED = 10;
const CHUNK = 200;

function failure(reason: PreloadPreviewFailure, extra: Partial<PreloadPreviewError> = {}): PreloadPreview {
  return { ok: false, error: { reason, messageKey: `preload.report.error.${reason}`, ...extra } };
}

export function problemKey(row: Pick<StoredPreloadRow, 'decision' | 'invalid'>): string {
  if (row.decision === 'invalid-number' && row.invalid)
    return `preload.report.problem.${row.invalid.problem}`;
  return `preload.report.decision.${row.decision}`;
}

/** Rows that will not be applied as the file asks. */
export function isProblem(decision: PreloadDecision): boolean {
  return decision !== 'add' && decision !== 'unchanged' && decision !== 'overwrite';
}

class PreloadDryRun {
  readonly counts = emptyPreloadCounts();
  readonly problems: PreloadRowReport[] = [];
  total = 0;
  toApply = 0;
  private readonly seenKeys = new Map<string, number>();
  private readonly seenIds = new Map<string, number>();
  private pending: PreloadInputRow[] = [];
  private readonly excluded: ReadonlySet<string>;

  constructor(
    private readonly deps: RolloutDeps,
    readonly preloadId: string,
    private readonly overwrite: boolean,
  ) {
    this.excluded = new Set(deps.config.EXCLUDED_USER_IDS.map((id) => id.toLowerCase()));
  }

  async add(row: PreloadInputRow): Promise<void> {
    this.pending.push(row);
    if (this.pending.length >= CHUNK) await this.flush();
  }

  /** A line the CSV reader refused (a malformed user cell, a broken quote): reported, never applied. */
  async invalidLine(line: number, message: string): Promise<void> {
    await this.store([{ line, user: '', decision: 'unknown-user', detail: message }]);
  }

  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    const lookups = await this.lookUp(batch);
    const toRead: Array<{ row: PreloadInputRow; userId: string; targets: TargetPhones }> = [];
    const out = new Map<PreloadInputRow, StoredPreloadRow>();
    for (const row of batch) {
      const lookup = lookups.get(row)!;
      const stored: StoredPreloadRow = { line: row.line, user: row.user.value, decision: 'unknown-user' };
      if (lookup.kind === 'found') stored.userId = lookup.user.id;
      if (lookup.kind === 'duplicate') stored.firstLine = lookup.firstLine;
      const first = decideBeforeRead(lookup, row.cells, this.excluded);
      if (first.kind === 'final') {
        stored.decision = first.decision;
        if (first.invalid) stored.invalid = first.invalid;
      } else toRead.push({ row, userId: first.user.id, targets: first.targets });
      out.set(row, stored);
    }
    const methods = await readPhoneMethodsBatch(
      this.deps.graph,
      toRead.map((item) => item.userId),
    );
    for (const { row, userId, targets } of toRead) {
      const stored = out.get(row)!;
      const existing = methods.get(userId);
      if (existing instanceof PhoneReadError) {
        if (existing.reason !== 'user-not-found') throw existing;
        stored.decision = 'unknown-user';
        continue;
      }
      const plan = planUserPhones({ targets, existing: existing ?? [], overwrite: this.overwrite });
      stored.decision = plan.decision;
      if (plan.held.length) {
        stored.held = plan.held;
        stored.current = {};
        for (const type of plan.held) {
          const number = existing?.find((method) => method.phoneType === type)?.phoneNumber;
          if (number) stored.current[type] = maskPhone(number);
        }
      }
      stored.masked = {};
      stored.sealed = {};
      for (const [type, number] of Object.entries(targets) as Array<[PhoneType, string]>) {
        stored.masked[type] = maskPhone(number);
        stored.sealed[type] = sealPhone(
          number,
          this.deps.config.ACTION_TOKEN_SECRET,
          preloadRowContext(this.preloadId, row.line, type),
        );
      }
    }
    await this.store([...out.values()]);
  }

  private async store(rows: StoredPreloadRow[]): Promise<void> {
    for (const row of rows) {
      this.total++;
      this.counts[row.decision]++;
      if (ACTIONABLE_DECISIONS.has(row.decision)) this.toApply++;
      if (isProblem(row.decision)) this.noteProblem(row);
    }
    await this.deps.preloads.appendRows(this.preloadId, rows);
  }

  /** Keeps the problems with the lowest lines (CSV problems can come out a little late). */
  private noteProblem(row: StoredPreloadRow): void {
    const report: PreloadRowReport = {
      line: row.line,
      user: row.user,
      decision: row.decision,
      messageKey: problemKey(row),
      ...(row.invalid
        ? {
            phoneType: row.invalid.phoneType,
            problem: row.invalid.problem,
            ...(row.invalid.usageLocation ? { usageLocation: row.invalid.usageLocation } : {}),
          }
        : {}),
      ...(row.held?.length ? { phoneType: row.held[0] } : {}),
      ...(row.firstLine ? { firstLine: row.firstLine } : {}),
      ...(row.detail ? { detail: row.detail } : {}),
    };
    this.problems.push(report);
    this.problems.sort((a, b) => a.line - b.line);
    if (this.problems.length > PRELOAD_PROBLEMS_LISTED) this.problems.pop();
  }

  /** The directory's answer per row: found, unknown, or a user an earlier row already named. */
  private async lookUp(batch: readonly PreloadInputRow[]): Promise<Map<PreloadInputRow, PreloadUserLookup>> {
    const out = new Map<PreloadInputRow, PreloadUserLookup>();
    const fresh: PreloadInputRow[] = [];
    for (const row of batch) {
      const key = csvUserKey(row.user);
      const first = this.seenKeys.get(key);
      if (first !== undefined) out.set(row, { kind: 'duplicate', firstLine: first });
      else {
        this.seenKeys.set(key, row.line);
        fresh.push(row);
      }
    }
    const users = await readUsersBatch(
      this.deps.graph,
      fresh.map((row) => row.user.value),
    );
    for (const row of fresh) {
      const result = users.get(row.user.value);
      if (!result || result instanceof UserLookupError) {
        if (result && !result.isFinal) throw result;
        out.set(row, { kind: 'unknown', reason: result?.reason ?? 'not-found' });
        continue;
      }
      // The same user named once by object id and once by UPN.
      const first = this.seenIds.get(result.id.toLowerCase());
      if (first !== undefined) out.set(row, { kind: 'duplicate', firstLine: first });
      else {
        this.seenIds.set(result.id.toLowerCase(), row.line);
        out.set(row, { kind: 'found', user: result });
      }
    }
    return out;
  }
}

function sourceInfo(source: PreloadSource): PreloadSourceInfo {
  return source.kind === 'csv'
    ? { kind: 'csv', fileName: source.fileName.slice(0, 100) }
    : { kind: 'directory', waveId: source.waveId };
}

/** Reads the source into the dry run; a preview error when the source cannot be used at all. */
async function readSource(
  deps: RolloutDeps,
  source: PreloadSource,
  run: PreloadDryRun,
): Promise<PreloadPreviewError | undefined> {
  if (source.kind === 'directory') {
    const rows = await directoryPreloadRows(deps, source.waveId);
    if (!rows) return { reason: 'unknown-wave', messageKey: 'preload.report.error.unknown-wave' };
    for await (const row of rows) await run.add(row);
    return undefined;
  }
  for await (const event of readWaveRows(
    { stream: source.stream, fileName: source.fileName },
    { phoneColumns: true },
  )) {
    switch (event.kind) {
      case 'row':
        await run.add({ line: event.row.line, user: event.row.user, cells: event.phones ?? {} });
        break;
      case 'invalid':
        await run.flush();
        await run.invalidLine(event.error.line, event.error.message);
        break;
      case 'fatal': {
        const reason = /no column holds phone numbers/.test(event.error.message)
          ? 'no-phone-column'
          : /has no rows/.test(event.error.message)
            ? 'no-rows'
            : 'unreadable-file';
        return {
          reason,
          messageKey: `preload.report.error.${reason}`,
          line: event.error.line,
          detail: event.error.message,
        };
      }
      case 'delimiter':
      case 'layout':
      case 'blank':
        break;
      default:
        return event satisfies never;
    }
  }
  return undefined;
}

export async function previewPreload(
  deps: RolloutDeps,
  request: PreviewPreloadRequest,
): Promise<PreloadPreview> {
  const preloadId = `pl-${randomUUID()}`;
  const run = new PreloadDryRun(deps, preloadId, request.overwrite);
  let error: PreloadPreviewError | undefined;
  try {
    error = await readSource(deps, request.source, run);
    if (!error) await run.flush();
  } catch (thrown) {
    await deps.preloads.discard(preloadId);
    throw thrown;
  }
  if (!error && run.total === 0) error = { reason: 'no-rows', messageKey: 'preload.report.error.no-rows' };
  if (error) {
    await deps.preloads.discard(preloadId);
    return failure(error.reason, error);
  }
  const now = deps.now();
  const summary: PreloadSummary = {
    id: preloadId,
    source: sourceInfo(request.source),
    requestedBy: request.requestedBy,
    overwrite: request.overwrite,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + PRELOAD_PREVIEW_TTL_SECONDS * 1000).toISOString(),
    total: run.total,
    counts: run.counts,
    toApply: run.toApply,
  };
  await deps.preloads.savePreview(summary);
  await deps.audit.append({
    at: summary.createdAt,
    actor: request.requestedBy.id,
    action: 'phone-preload-previewed',
    detail: `${preloadId}: ${run.total} rows, ${run.toApply} to apply${request.overwrite ? ', overwrite' : ''}`,
  });
  return {
    ok: true,
    preloadId,
    counts: run.counts,
    problems: run.problems,
    total: run.total,
    toApply: run.toApply,
    expiresAt: summary.expiresAt,
  };
}
