import { translate } from '../cards';
import { csvLine } from '../rollout/csv-cell';
import { PRELOAD_PHONE_TYPES } from '../rollout/preload-plan';
import type { StoredPreloadRow } from '../store/preload-runs';
import type { RolloutDeps } from './deps';
import { problemKey } from './preview-preload';

const PAGE = 1000;

function reason(row: StoredPreloadRow, locale: string | undefined): string {
  const text = translate(locale, problemKey(row));
  if (row.detail) return `${text}: ${row.detail}`;
  if (row.decision === 'duplicate-row' && row.firstLine) return `${text} (${row.firstLine})`;
  if (row.decision === 'invalid-number' && row.invalid?.usageLocation)
    return `${text} (${row.invalid.phoneType}, ${row.invalid.usageLocation})`;
  if (row.decision === 'invalid-number' && row.invalid) return `${text} (${row.invalid.phoneType})`;
  if (row.decision === 'change' && row.held?.length)
    return `${text} (${row.held.map((type) => `${type} now ${row.current?.[type] ?? '?'}`).join(', ')})`;
  return text;
}

/**
 * The dry run's report, one line per row as the file had them: line, user, decision, the masked
 * numbers and why. Numbers only masked; every cell escaped against formula injection (a UPN
 * starting with "=" is still only text). Undefined once the dry run's rows expired.
 */
export async function preloadReportCsv(
  deps: RolloutDeps,
  preloadId: string,
  locale?: string,
): Promise<string | undefined> {
  const summary = await deps.preloads.summary(preloadId);
  const count = await deps.preloads.rowCount(preloadId);
  if (!summary || count === 0) return undefined;
  const lines = [csvLine(['line', 'user', 'decision', ...PRELOAD_PHONE_TYPES, 'reason'])];
  const rows: StoredPreloadRow[] = [];
  for (let start = 0; start < count; start += PAGE)
    rows.push(...(await deps.preloads.rows(preloadId, start, PAGE)));
  rows.sort((a, b) => a.line - b.line);
  for (const row of rows) {
    lines.push(
      csvLine([
        row.line,
        row.user,
        row.decision,
        ...PRELOAD_PHONE_TYPES.map((type) => row.masked?.[type]),
        reason(row, locale),
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
