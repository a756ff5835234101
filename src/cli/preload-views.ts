import type { PreloadRun } from '../app/preload-run';
import type { PreloadPreview, PreloadRowReport } from '../app/preview-preload';
import { translate } from '../cards';
import { PRELOAD_DECISIONS, PRELOAD_OUTCOMES } from '../rollout/preload-plan';
import { table } from './tables';

/** The terminal's view of a phone preload: the dry run's counts and first problems, then progress. */

type Preview = Extract<PreloadPreview, { ok: true }>;

function problemText(problem: PreloadRowReport): string {
  let text = translate('en', problem.messageKey);
  if (problem.detail) text += `: ${problem.detail}`;
  if (problem.firstLine) text += ` (line ${problem.firstLine})`;
  if (problem.problem && problem.phoneType)
    text += ` (${problem.phoneType}${problem.usageLocation ? `, usageLocation ${problem.usageLocation}` : ''})`;
  else if (problem.decision === 'change' && problem.phoneType) text += ` (${problem.phoneType})`;
  return text;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatPreloadPreview(preview: Preview, overwrite: boolean): string {
  // The apply writes what the dry run counted as add or overwrite (it checks each user again first).
  const toWrite = plural(preview.counts.add + preview.counts.overwrite, 'number');
  const lines = [
    `dry run ${preview.preloadId}: ${preview.total} rows; ${toWrite} to write, ${plural(preview.counts.change, 'different number')} kept${overwrite ? ' (overwrite on)' : ''}`,
    table(
      ['decision', 'rows'],
      PRELOAD_DECISIONS.map((decision) => [decision, String(preview.counts[decision])]),
    ),
  ];
  if (preview.problems.length) {
    lines.push(
      'first problems:',
      table(
        ['line', 'user', 'decision', 'why'],
        preview.problems.map((problem) => [
          String(problem.line),
          problem.user || '-',
          problem.decision,
          problemText(problem),
        ]),
      ),
    );
  }
  return lines.join('\n');
}

export function formatPreloadProgress(run: PreloadRun): string {
  const outcomes = PRELOAD_OUTCOMES.filter((outcome) => run.outcomes[outcome] > 0)
    .map((outcome) => `${outcome} ${run.outcomes[outcome]}`)
    .join(', ');
  return `${run.status === 'done' ? 'applied' : 'applying'} ${run.processed}/${run.toApply}${outcomes ? ` (${outcomes})` : ''}`;
}
