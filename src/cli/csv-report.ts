import type { CsvImportReport } from '../app/csv-import-report';
import { waveOverlapLine } from '../cards/wave-start-text';
import { checkOverlap, WaveStartRefusedError } from '../rollout/wave-start';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What a start with the file would do: the dry run's answer, for people and for `--json`. */
export type DryRunOutcome =
  | {
      start: 'accepted';
      /** Distinct users the file names, and malformed rows --skip-invalid leaves out. */
      fileUsers: number;
      malformedLeftOut: number;
      /** Users the wave would get, and the file's users it would not. */
      waveUsers: number;
      notInDirectory: number;
      inActiveWaves: number;
      /** Of the wave's users, excluded (disabled, or EXCLUDED_USER_IDS): in the wave, no card. */
      excluded: number;
    }
  | { start: 'refused'; because: 'file' | 'overlap' | 'nobody-left' };

/** Uses the start's own overlap rule, so the dry run and the start cannot disagree. */
export function dryRunOutcome(report: CsvImportReport, includeOverlap: boolean): DryRunOutcome {
  if (!report.accepted) return { start: 'refused', because: 'file' };
  try {
    if (report.overlap) checkOverlap(report.overlap, includeOverlap, report.fileName);
  } catch (error) {
    if (!(error instanceof WaveStartRefusedError)) throw error;
    return { start: 'refused', because: error.refusal.kind === 'nobody-left' ? 'nobody-left' : 'overlap' };
  }
  const notInDirectory = report.directory
    ? report.directory.unresolved.length + report.directory.unresolvedNotListed
    : 0;
  const inActiveWaves = report.overlap?.overlapping ?? 0;
  return {
    start: 'accepted',
    fileUsers: report.valid,
    malformedLeftOut: report.invalid,
    waveUsers: Math.max(0, report.valid - notInDirectory - inActiveWaves),
    notInDirectory,
    inActiveWaves,
    excluded: report.directory?.excluded ?? 0,
  };
}

/** "3 users; 1 malformed row left out (--skip-invalid)": what the file gives a wave. */
function fileUsers(report: CsvImportReport): string {
  const leftOut = report.invalid
    ? `; ${plural(report.invalid, 'malformed row')} left out (--skip-invalid)`
    : '';
  return `${plural(report.valid, 'user')}${leftOut}`;
}

/** Why the file itself is refused (report.accepted false). */
function fileRefusal(report: CsvImportReport): string {
  if (report.fatal) return `it cannot be read as a list of users (line ${report.fatal.line} above)`;
  if (report.valid === 0) return 'it names no user';
  const them = report.invalid === 1 ? 'it' : 'them';
  return `${plural(report.invalid, 'malformed row')} (fix ${them}, or pass --skip-invalid to leave ${them} out)`;
}

/** The dry run's last line: what a start would do, said plainly. */
function dryRunVerdict(report: CsvImportReport, includeOverlap: boolean): string {
  const outcome = dryRunOutcome(report, includeOverlap);
  switch (outcome.start) {
    case 'refused': {
      if (outcome.because === 'file')
        return `dry run: the file would be refused: ${fileRefusal(report)}. Nothing was created.`;
      const overlapping = report.overlap?.overlapping ?? 0;
      const why =
        outcome.because === 'nobody-left'
          ? 'every user of the file is already in an active wave'
          : `${plural(overlapping, 'user')} ${overlapping === 1 ? 'is' : 'are'} already in an active wave (add --include-overlap to leave them out)`;
      return `dry run: a start would be refused: ${why}. The file itself is usable: ${fileUsers(report)}. Nothing was created.`;
    }
    case 'accepted': {
      const leftOut = [
        outcome.notInDirectory ? `${outcome.notInDirectory} not in the directory` : '',
        outcome.inActiveWaves ? `${outcome.inActiveWaves} already in an active wave` : '',
      ].filter(Boolean);
      const wave =
        `The wave would get ${plural(outcome.waveUsers, 'user')}` +
        (leftOut.length ? ` (left out: ${leftOut.join(', ')})` : '') +
        (outcome.excluded ? `, ${outcome.excluded} of them excluded (no card: disabled or configured)` : '');
      return `dry run: the file would be accepted: ${fileUsers(report)}. ${wave}. Nothing was created.`;
    }
  }
}

export interface CsvReportOptions {
  /** The start was asked with --include-overlap: a dry run says what that start would do. */
  includeOverlap?: boolean;
}

/** The import report as an admin reads it: counts first, then every listed problem with its line. */
export function formatCsvReport(report: CsvImportReport, options: CsvReportOptions = {}): string {
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
  if (report.dryRun) out.push(dryRunVerdict(report, options.includeOverlap ?? false));
  else if (!report.accepted)
    out.push(
      report.fatal || report.valid === 0
        ? 'file refused: nothing was created'
        : `file refused: ${plural(report.invalid, 'malformed row')} (fix them, or pass --skip-invalid to leave them out); nothing was created`,
    );
  return out.join('\n');
}
