import { randomBytes } from 'node:crypto';
import { type CsvInput, csvFileName } from '../csv/source';
import { makeWaveId, type Wave } from '../rollout/wave';
import {
  checkDeadlineDays,
  checkOverlap,
  checkWaveName,
  shortenWaveName,
  WaveStartRefusedError,
} from '../rollout/wave-start';
import type { CsvImportReport } from './csv-import-report';
import type { RolloutDeps } from './deps';
import { commitCsvRows, discardCsvRows, importCsvRows } from './import-csv-rows';
import { newWave, type WaveStartCommon } from './new-wave';
import { OverlapTally } from './wave-overlap';

export type StartCsvWaveRequest = WaveStartCommon &
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
    checkOverlap(overlap, request.includeOverlap ?? false, name);
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
  await deps.jobs.expandWave(waveId, { csvChunkSize: request.chunkSize });
  return { report, wave };
}
