import { randomBytes } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { type Job, UnrecoverableError } from 'bullmq';
import type { CsvImportReport } from '../app/csv-import-report';
import { CsvRowsUnusableError, expandCsvRows } from '../app/expand-csv-rows';
import { commitCsvRows, discardCsvRows, importCsvRows } from '../app/import-csv-rows';
import { composeAnnouncementCard } from '../cards/compose';
import { type CsvInput, csvFileName } from '../csv/source';
import { GraphRequestError } from '../graph/errors';
import { getGroupName, listGroupUserPages } from '../graph/group-members';
import { readPhoneMethodsBatch } from '../graph/phone-batch';
import type { DirectoryUser } from '../rollout/directory';
import { preloadedPhone } from '../rollout/phone-number';
import { newWaveUser, type WaveUserRecord } from '../rollout/user-state';
import { makeWaveId, type Wave, waveDeadline } from '../rollout/wave';
import {
  checkDeadlineDays,
  checkGroupId,
  checkOverlap,
  checkWaveName,
  shortenWaveName,
  WaveStartRefusedError,
} from '../rollout/wave-start';
import { whereAdminPostsGo } from './admin-posts';
import { csvExpandJob } from './csv-expand-job';
import type { RolloutDeps } from './deps';
import { expandWaveJob, userJobId } from './job-schemas';
import { deliveryRetries, JOB_RETENTION, WAVE_PLAN_JOBS } from './queues';
import { scheduleWaveReminders } from './reminders';
import { groupOverlap, OverlapTally } from './wave-overlap';

export interface StartWaveRequest {
  groupId: string;
  name?: string;
  createdBy: { id: string; name: string };
  /** The conversation the admin asked from; the announcement and the digest are posted there. */
  adminConversation?: Partial<ConversationReference>;
  locale?: string;
  /** Whole days (a number, or the text an admin typed); checked against DEADLINE_DAYS. */
  deadlineDays?: number | string;
  /**
   * Start even when some users are already in another active wave: they are left out (and get
   * no card). Without it such a start is refused and nothing is created.
   */
  includeOverlap?: boolean;
}

/** A wave as it starts: expanding, with its deadline, remembering where the admin asked from. */
function newWave(
  request: Pick<StartWaveRequest, 'createdBy' | 'adminConversation' | 'locale'>,
  fields: Pick<Wave, 'id' | 'name' | 'source' | 'leftOut'> & { now: Date; deadlineDays: number },
): Wave {
  return {
    id: fields.id,
    name: fields.name,
    source: fields.source,
    status: 'expanding',
    createdBy: request.createdBy,
    createdAt: fields.now.toISOString(),
    deadline: waveDeadline(fields.now, fields.deadlineDays).toISOString(),
    total: 0,
    leftOut: fields.leftOut,
    adminConversation: request.adminConversation,
    locale: request.locale,
  };
}

/** A Graph answer about the group that is the admin's to fix becomes a refusal, anything else stays an error. */
async function readingGroup<T>(groupId: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GraphRequestError && error.status === 404)
      throw new WaveStartRefusedError({ kind: 'group-not-found', groupId });
    if (error instanceof GraphRequestError && error.status === 403)
      throw new WaveStartRefusedError({ kind: 'group-forbidden', groupId });
    throw error;
  }
}

/**
 * Checks the request, the group and the overlap with active waves, then creates the wave and
 * queues its expansion. Shared by the chat command and the CLI. Throws WaveStartRefusedError,
 * having created nothing, when the admin has something to fix or decide.
 */
export async function startWave(deps: RolloutDeps, request: StartWaveRequest): Promise<Wave> {
  const groupId = checkGroupId(request.groupId);
  const typedName = checkWaveName(request.name);
  const deadlineDays = checkDeadlineDays(request.deadlineDays, deps.config.WAVE_DEFAULT_DEADLINE_DAYS);
  const groupName = await readingGroup(groupId, () => getGroupName(deps.graph, groupId));
  await deps.activeWaves.indexOlderWaves();
  const overlap = await readingGroup(groupId, () => groupOverlap(deps, groupId));
  if (overlap.targeted === 0) throw new WaveStartRefusedError({ kind: 'group-empty', groupId, groupName });
  checkOverlap(overlap, request.includeOverlap ?? false);
  const now = deps.now();
  const name = typedName ?? shortenWaveName(groupName) ?? 'Wave';
  const wave = newWave(request, {
    id: makeWaveId(now, name, randomBytes(3).toString('hex')),
    name,
    source: { kind: 'group', groupId, groupName },
    leftOut: overlap.overlapping,
    now,
    deadlineDays,
  });
  await deps.repo.saveWave(wave);
  await deps.audit.append({
    at: now.toISOString(),
    actor: request.createdBy.id,
    action: 'wave-created',
    waveId: wave.id,
    detail: `group ${groupId}${overlap.overlapping ? `; ${overlap.overlapping} users already in active waves left out` : ''}`,
  });
  await deps.queues.wavePlan.add(
    WAVE_PLAN_JOBS.expand,
    { waveId: wave.id, pagesDone: 0 },
    { jobId: `expand__${wave.id}`, attempts: 10, backoff: { type: 'exponential', delay: 2000 } },
  );
  return wave;
}

export type StartCsvWaveRequest = Omit<StartWaveRequest, 'groupId'> &
  CsvInput & {
    /** Validate the file and check its users in the directory; create nothing. */
    dryRun?: boolean;
    /** Start the wave from the valid rows even when some are malformed. Default: refuse the file. */
    skipInvalid?: boolean;
    /** Rows expanded per step (and re-done at most after a crash). Default 500. */
    chunkSize?: number;
    /** Errors, duplicates and unknown users listed in the report; the rest are counted. */
    maxListed?: number;
  };

export interface StartCsvWaveResult {
  report: CsvImportReport;
  /** Absent on a dry run and when the file was refused (see report.accepted). */
  wave?: Wave;
}

/**
 * A wave from a CSV of object ids or UPNs: streams and checks the file, stores the distinct users
 * under the new wave, then queues the same expansion job as a group wave. The file is refused
 * (nothing created) when it has no user column, no valid row, or (without skipInvalid) any malformed row.
 * Users already in another active wave are counted as the file is read (report.overlap); the start
 * is then refused like a group's (WaveStartRefusedError, carrying the report) unless includeOverlap.
 */
export async function startCsvWave(
  deps: RolloutDeps,
  request: StartCsvWaveRequest,
): Promise<StartCsvWaveResult> {
  const typedName = checkWaveName(request.name);
  const deadlineDays = checkDeadlineDays(request.deadlineDays, deps.config.WAVE_DEFAULT_DEADLINE_DAYS);
  const now = deps.now();
  const fileName = csvFileName(request);
  const name = typedName ?? shortenWaveName(fileName.replace(/\.[^.]*$/, '')) ?? 'Wave';
  const waveId = makeWaveId(now, name, randomBytes(3).toString('hex'));
  await deps.activeWaves.indexOlderWaves();
  const tally = new OverlapTally(deps);
  let report: CsvImportReport;
  try {
    report = await importCsvRows(deps, request, {
      importId: waveId,
      dryRun: request.dryRun,
      skipInvalid: request.skipInvalid,
      maxListed: request.maxListed,
      onUsers: (users) => tally.addCsvUsers(users),
    });
  } catch (error) {
    if (!request.dryRun) await discardCsvRows(deps, waveId);
    throw error;
  }
  const overlap = await tally.summary();
  if (overlap.overlapping) report.overlap = overlap;
  if (request.dryRun) return { report };
  if (!report.accepted) {
    await discardCsvRows(deps, waveId);
    return { report };
  }
  try {
    checkOverlap(overlap, request.includeOverlap ?? false);
  } catch (error) {
    await discardCsvRows(deps, waveId);
    throw error instanceof WaveStartRefusedError ? new WaveStartRefusedError(error.refusal, report) : error;
  }
  const wave = newWave(request, {
    id: waveId,
    name,
    source: { kind: 'csv', fileName },
    leftOut: overlap.overlapping,
    now,
    deadlineDays,
  });
  await deps.repo.saveWave(wave);
  await commitCsvRows(deps, waveId);
  await deps.audit.append({
    at: now.toISOString(),
    actor: request.createdBy.id,
    action: 'wave-created',
    waveId,
    detail:
      `csv ${fileName}: ${report.valid} users, ${report.duplicates} duplicates, ${report.invalid} malformed rows left out` +
      (overlap.overlapping ? `, ${overlap.overlapping} users already in active waves left out` : ''),
  });
  await deps.queues.wavePlan.add(
    WAVE_PLAN_JOBS.expand,
    { waveId, pagesDone: 0, csvOffset: 0, ...(request.chunkSize ? { chunkSize: request.chunkSize } : {}) },
    { jobId: `expand__${waveId}`, attempts: 10, backoff: { type: 'exponential', delay: 2000 } },
  );
  return { report, wave };
}

/**
 * Reads the group page by page and turns each page into wave users and outreach jobs. The cursor
 * is saved in the job after each page, so a crash resumes at the page it was on; re-doing a page
 * adds nobody twice (users are inserted only if absent, and sends are guarded by user state).
 */
export async function expandWave(deps: RolloutDeps, job: Job): Promise<number> {
  const data = expandWaveJob.parse(job.data);
  const wave = await deps.repo.getWave(data.waveId);
  if (!wave) throw new UnrecoverableError(`wave ${data.waveId} does not exist`);
  if (wave.source.kind === 'csv') {
    const csv = csvExpandJob.parse(job.data);
    await expandCsvRows(
      deps,
      wave,
      addPage,
      { offset: csv.csvOffset, pagesDone: csv.pagesDone, chunkSize: csv.chunkSize },
      (csvOffset, pagesDone) => job.updateData({ ...csv, waveId: wave.id, pagesDone, csvOffset }),
    ).catch((error: unknown) => {
      throw error instanceof CsvRowsUnusableError ? new UnrecoverableError(error.message) : error;
    });
  } else {
    let pagesDone = data.pagesDone;
    for await (const page of listGroupUserPages(deps.graph, wave.source.groupId, {
      startAt: data.nextLink,
    })) {
      await addPage(deps, wave, page.users);
      pagesDone += 1;
      await job.updateData({ waveId: wave.id, nextLink: page.nextLink, pagesDone });
    }
  }
  const counts = await deps.repo.countByStatus(wave.id);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const leftOut = await deps.repo.countLeftOut(wave.id);
  const active = await deps.repo.updateWave(wave.id, { status: 'active', total, leftOut });
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: 'bot',
    action: 'wave-expanded',
    waveId: wave.id,
    detail: `${total} users, ${counts.excluded} excluded, ${leftOut} left out (already in another active wave)`,
  });
  if (!wave.announcedAt) {
    await scheduleWaveReminders(deps, active);
    await announce(deps, active, counts.excluded);
    // A retried expansion job must not announce twice or schedule reminders twice.
    await deps.repo.updateWave(wave.id, { announcedAt: deps.now().toISOString() });
  }
  return total;
}

/**
 * One page of directory users into the wave: wave users (masked phones), exclusions, outreach jobs.
 * A user another active wave has is left out here, atomically (see RolloutRepository.addUsers):
 * no record, no card, whatever the check before the start saw.
 */
export async function addPage(deps: RolloutDeps, wave: Wave, users: readonly DirectoryUser[]): Promise<void> {
  const excludedIds = new Set(deps.config.EXCLUDED_USER_IDS.map((id) => id.toLowerCase()));
  const phones = await readPhoneMethodsBatch(
    deps.graph,
    users.map((user) => user.id),
  );
  const now = deps.now();
  const records: WaveUserRecord[] = [];
  const exclusions: Array<{ userId: string; reason: string }> = [];
  for (const user of users) {
    const record = newWaveUser(wave.id, user, now);
    record.locale = user.preferredLanguage;
    const methods = phones.get(user.id);
    if (Array.isArray(methods)) {
      const phone = preloadedPhone(methods);
      if (phone.kind === 'present') record.phoneMasked = phone.masked;
      // A number IT stored in a shape Graph would not accept is not shown: the user gives a new one.
      if (phone.kind === 'malformed') record.reason = 'preloaded number is malformed';
    }
    records.push(record);
    if (excludedIds.has(user.id.toLowerCase()))
      exclusions.push({ userId: user.id, reason: 'excluded by configuration' });
    else if (user.accountEnabled === false) exclusions.push({ userId: user.id, reason: 'account disabled' });
  }
  const { inWave } = await deps.repo.addUsers(wave.id, records);
  const placed = new Set(inWave);
  for (const { userId, reason } of exclusions) {
    if (placed.has(userId)) await deps.repo.apply(wave.id, userId, { type: 'excluded', reason }, 'bot');
  }
  const excluded = new Set(exclusions.map((e) => e.userId));
  const jobs = inWave
    .filter((userId) => !excluded.has(userId))
    .map((userId) => ({
      name: 'awareness',
      data: { waveId: wave.id, userId },
      opts: {
        ...JOB_RETENTION,
        jobId: userJobId('outreach', wave.id, userId),
        ...deliveryRetries(deps.config),
      },
    }));
  if (jobs.length) await deps.queues.outreach.addBulk(jobs);
}

async function announce(deps: RolloutDeps, wave: Wave, excluded: number): Promise<void> {
  const place = await whereAdminPostsGo(deps, { purpose: 'wave', wave });
  if (!place) {
    deps.logger.info({ waveId: wave.id }, 'no admin conversation; announcement not posted');
    return;
  }
  const card = composeAnnouncementCard({ wave, excluded, config: deps.config, locale: wave.locale });
  await deps.outbox.send(place.reference, {
    type: 'message',
    attachments: [card],
  });
}
