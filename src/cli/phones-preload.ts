import { createReadStream } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyPreload } from '../app/apply-preload';
import type { RolloutDeps } from '../app/deps';
import { preloadReportCsv } from '../app/preload-report';
import { getPreloadRun, type PreloadRun } from '../app/preload-run';
import { type PreloadSource, previewPreload } from '../app/preview-preload';
import { translate } from '../cards';
import type { PreloadActor } from '../store/preload-runs';
import { CliFailure } from './failure';
import { formatPreloadPreview, formatPreloadProgress } from './preload-views';

/**
 * `phones preload`: the dry run (always), its report file, and with --apply the apply itself with
 * its progress. The apply runs in a wave-plan worker; `ensureWorker` starts one in this process
 * when none is running, for as long as the command runs.
 */
export interface PhonesPreloadRequest {
  csv?: string;
  waveId?: string;
  apply: boolean;
  overwrite: boolean;
  report?: string;
  json: boolean;
  actor: PreloadActor;
}

const POLL_MS = 1000;

async function source(request: PhonesPreloadRequest): Promise<PreloadSource> {
  if (!request.csv) return { kind: 'directory', waveId: request.waveId as string };
  const filePath = request.csv;
  await access(filePath).catch((error: NodeJS.ErrnoException) => {
    throw new CliFailure(`cannot read ${filePath}: ${error.message}`);
  });
  return { kind: 'csv', stream: createReadStream(filePath), fileName: basename(filePath) };
}

/** Waits for the apply to finish, printing each change of progress (not with --json). */
async function follow(deps: RolloutDeps, preloadId: string, json: boolean): Promise<PreloadRun> {
  let shown = '';
  for (;;) {
    const run = await getPreloadRun(deps, preloadId);
    if (!run) throw new CliFailure(`phone preload ${preloadId} disappeared`);
    const line = formatPreloadProgress(run);
    if (!json && line !== shown) console.log(line);
    shown = line;
    if (run.status === 'done') return run;
    await sleep(POLL_MS);
  }
}

export async function phonesPreload(
  deps: RolloutDeps,
  request: PhonesPreloadRequest,
  ensureWorker: () => Promise<void>,
): Promise<number> {
  const preview = await previewPreload(deps, {
    source: await source(request),
    requestedBy: request.actor,
    overwrite: request.overwrite,
  });
  if (!preview.ok) {
    const { error } = preview;
    const where = error.line ? ` (line ${error.line})` : '';
    const detail = error.detail ? `: ${error.detail}` : '';
    if (request.json) console.log(JSON.stringify({ ok: false, error }));
    console.error(`${translate('en', error.messageKey)}${where}${detail}`);
    return 1;
  }
  if (request.report) {
    const csv = await preloadReportCsv(deps, preview.preloadId);
    await writeFile(request.report, csv ?? '', { mode: 0o600 });
  }
  if (!request.json) {
    console.log(formatPreloadPreview(preview, request.overwrite));
    if (request.report) console.log(`report: ${request.report}`);
  }
  if (!request.apply) {
    if (request.json) console.log(JSON.stringify({ ...preview, dryRun: true }));
    else console.log('dry run only: nothing was written (--apply applies it)');
    return 0;
  }
  const applied = await applyPreload(deps, preview.preloadId, request.actor, { operator: true });
  if (!applied.ok) throw new CliFailure(`the dry run could not be applied: ${applied.reason}`);
  await ensureWorker();
  const run = await follow(deps, preview.preloadId, request.json);
  if (request.json) console.log(JSON.stringify({ ...preview, dryRun: false, run }));
  return run.outcomes.failed > 0 ? 1 : 0;
}
