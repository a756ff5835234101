import type { CsvImportReport } from '../app/csv-import-report';
import { waveOverlapLine } from '../cards/wave-start-text';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The import report as an admin reads it: counts first, then every listed problem with its line. */
export function formatCsvReport(report: CsvImportReport): string {
  const out: string[] = [];
  const columns = Object.entries(report.columns)
    .map(([field, header]) => `${field}="${header}"`)
    .join(', ');
  out.push(
    `${report.fileName}: ${plural(report.rows, 'row')}, ${plural(report.valid, 'user')}, ` +
      `${plural(report.duplicates, 'duplicate')}, ${plural(report.invalid, 'malformed row')}, ` +
      `${plural(report.blankLines, 'blank line')} (delimiter ${JSON.stringify(report.delimiter)}; ` +
      `${report.header ? `columns ${columns}` : 'no header: one user per line'})`,
  );
  if (report.fatal) out.push(`  line ${report.fatal.line}: ${report.fatal.message}`);
  for (const error of report.errors)
    out.push(
      `  ${error.endLine ? `lines ${error.line}–${error.endLine}` : `line ${error.line}`}: ${error.message}`,
    );
  if (report.errorsNotListed) out.push(`  ... and ${plural(report.errorsNotListed, 'more malformed row')}`);
  for (const duplicate of report.duplicateLines)
    out.push(`  line ${duplicate.line}: same user as line ${duplicate.firstLine} (left out)`);
  if (report.duplicatesNotListed)
    out.push(`  ... and ${plural(report.duplicatesNotListed, 'more duplicate')}`);
  if (report.directory) {
    const { checked, found, excluded, unresolved, unresolvedNotListed } = report.directory;
    out.push(
      `directory: ${checked} checked, ${found} found (${excluded} will be excluded: disabled or configured), ` +
        `${unresolved.length + unresolvedNotListed} not found`,
    );
    for (const row of unresolved) out.push(`  line ${row.line}: ${row.message}`);
    if (unresolvedNotListed) out.push(`  ... and ${unresolvedNotListed} more`);
  }
  if (report.overlap)
    out.push(
      `active waves: ${waveOverlapLine(report.overlap)}` +
        (report.dryRun ? ' A start leaves them out with --include-overlap and is refused without it.' : ''),
    );
  if (report.dryRun)
    out.push(
      report.accepted
        ? 'dry run: the file is fine; nothing was created'
        : 'dry run: the file would be refused; nothing was created',
    );
  else if (!report.accepted)
    out.push(
      report.fatal || report.valid === 0
        ? 'file refused: nothing was created'
        : `file refused: ${plural(report.invalid, 'malformed row')} (fix them, or pass --skip-invalid to leave them out); nothing was created`,
    );
  return out.join('\n');
}
