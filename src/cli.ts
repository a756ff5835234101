import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { waveOverlapLine, waveStartRefusalLine } from './cards/wave-start-text';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { type CsvImportReport, csvWaveReport } from './queue/wave-csv';
import { startCsvWave, startWave } from './queue/wave-plan';
import { isWaveId } from './rollout/wave';
import { DEADLINE_DAYS, WAVE_NAME_MAX_CHARS, WaveStartRefusedError } from './rollout/wave-start';
import { createRuntime } from './runtime';

const USAGE = `Usage:
  npm run cli -- wave start --group <entra-group-id> [--name <wave name>] [--deadline-days <n>] [--include-overlap]
  npm run cli -- wave start --csv <file> [--name <wave name>] [--deadline-days <n>] [--include-overlap] [--dry-run] [--skip-invalid] [--json]
      --name: at most ${WAVE_NAME_MAX_CHARS} characters (default: the group's name, or the file's, shortened to fit).
      --deadline-days: ${DEADLINE_DAYS.min} to ${DEADLINE_DAYS.max} (default: WAVE_DEFAULT_DEADLINE_DAYS).
      A user is in one active wave at a time: a start with users already in an active wave is
      refused (nothing created) unless --include-overlap, which leaves those users out.
      CSV: a userPrincipalName (or UPN, Email) and/or id (or objectId) column, optional displayName;
      or no header and one object id or UPN per line. , ; TAB and | are recognised as delimiters.
      --dry-run checks every row and looks the users up in the directory, and creates nothing.
      Without --skip-invalid, a file with any malformed row is refused.
  npm run cli -- wave status [<wave-id>]
  npm run cli -- waves
Needs REDIS_URL (and the same settings as the bot); the bot or worker processes send the cards.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      group: { type: 'string' },
      csv: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      'include-overlap': { type: 'boolean' },
      json: { type: 'boolean' },
      name: { type: 'string' },
      'deadline-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [noun, verb, arg] = positionals;
  if (values.help || !noun) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  if (!config.REDIS_URL) throw new ConfigError('Invalid configuration: REDIS_URL is required');
  const runtime = createRuntime(
    config,
    createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
    config.REDIS_URL,
  );
  try {
    if (noun === 'wave' && verb === 'start') {
      const { group, csv } = values;
      if ((group && csv) || !(group || csv)) {
        console.error('wave start needs --group <entra-group-id> or --csv <file>');
        return 2;
      }
      const deadlineDays = values['deadline-days'];
      const includeOverlap = values['include-overlap'];
      if (csv) {
        const started = await startCsvWave(runtime.deps, {
          filePath: csv,
          name: values.name,
          createdBy: { id: `cli:${userInfo().username}`, name: userInfo().username },
          deadlineDays,
          includeOverlap,
          dryRun: values['dry-run'],
          skipInvalid: values['skip-invalid'],
        }).catch((error: NodeJS.ErrnoException) => {
          if (!error.code || !['ENOENT', 'EACCES', 'EISDIR'].includes(error.code)) throw error;
          console.error(`cannot read ${csv}: ${error.message}`);
          return undefined;
        });
        if (!started) return 1;
        const { report, wave } = started;
        if (values.json) {
          console.log(
            JSON.stringify({
              ...report,
              wave: wave && { waveId: wave.id, name: wave.name, deadline: wave.deadline },
            }),
          );
        } else {
          console.log(formatCsvReport(report));
          if (wave) console.log(`wave ${wave.id} created ("${wave.name}"), deadline ${wave.deadline}`);
        }
        return report.accepted ? 0 : 1;
      }
      const wave = await startWave(runtime.deps, {
        groupId: group!,
        name: values.name,
        createdBy: { id: `cli:${userInfo().username}`, name: userInfo().username },
        deadlineDays,
        includeOverlap,
      });
      console.log(
        JSON.stringify({
          waveId: wave.id,
          name: wave.name,
          deadline: wave.deadline,
          leftOut: wave.leftOut ?? 0,
        }),
      );
      return 0;
    }
    if ((noun === 'wave' && verb === 'status') || noun === 'status') {
      const waveId = noun === 'status' ? verb : arg;
      const wave = waveId
        ? isWaveId(waveId)
          ? await runtime.deps.repo.getWave(waveId)
          : undefined
        : (await runtime.deps.repo.listWaves(1))[0];
      if (!wave) {
        console.error(waveId ? 'no wave with that id (npm run cli -- waves lists them)' : 'no waves yet');
        return 1;
      }
      const csv = wave.source.kind === 'csv' ? await csvWaveReport(runtime.deps, wave.id) : undefined;
      console.log(
        JSON.stringify(
          {
            ...wave,
            adminConversation: undefined,
            counts: await runtime.deps.repo.countByStatus(wave.id),
            csv,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    if (noun === 'waves') {
      for (const wave of await runtime.deps.repo.listWaves(50))
        console.log(`${wave.id}\t${wave.status}\t${wave.total}\t${wave.name}`);
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (error) {
    if (!(error instanceof WaveStartRefusedError)) throw error;
    const report = isCsvReport(error.context) ? error.context : undefined;
    if (report && values.json)
      console.log(JSON.stringify({ ...report, accepted: false, refused: error.refusal.kind }));
    else if (report) console.log(formatCsvReport(report));
    console.error(waveStartRefusalLine(error.refusal));
    return 1;
  } finally {
    await runtime.close();
  }
}

function isCsvReport(value: unknown): value is CsvImportReport {
  return typeof value === 'object' && value !== null && 'fileName' in value && 'rows' in value;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The import report as an admin reads it: counts first, then every listed problem with its line. */
function formatCsvReport(report: CsvImportReport): string {
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
