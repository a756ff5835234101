import type { PreloadRun } from '../app/preload-run';
import type { PreloadPreview, PreloadRowReport } from '../app/preview-preload';
import { translate } from '../cards';
import { PRELOAD_DECISIONS } from '../rollout/preload-plan';
import { PRELOAD_OUTCOMES } from '../store/preload-runs';
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

export function formatPreloadPreview(preview: Preview, overwrite: boolean): string {
  const lines = [
    `dry run ${preview.preloadId}: ${preview.total} rows, ${preview.toApply} users to look at again when applied${overwrite ? ' (overwrite)' : ''}`,
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
