import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { type AdminPlace, describeAdminPlace, whereAdminPostsGo } from './app/admin-posts';
import type { CsvImportReport } from './app/csv-import-report';
import { csvWaveReport } from './app/csv-wave-report';
import { startCsvWave } from './app/start-csv-wave';
import { startWave } from './app/start-wave';
import { waveStartRefusalLine } from './cards/wave-start-text';
import { formatCsvReport } from './cli/csv-report';
import { cliEnvironment } from './cli/environment';
import { CliFailure, checkRedis, describeFailure } from './cli/failure';
import { adminPlaceJson, waveJson, waveStatusText, wavesTable } from './cli/wave-views';
import { type Config, loadConfig } from './config';
import { createLogger } from './logger';
import { commandLineActor, isWaveId, type Wave } from './rollout/wave';
import { DEADLINE_DAYS, WAVE_NAME_MAX_CHARS, WaveStartRefusedError } from './rollout/wave-start';
import { createRuntime, type Runtime } from './runtime';

const USAGE = `Usage:
  npm run cli -- wave start --group <entra-group-id> [--name <wave name>] [--deadline-days <n>] [--include-overlap] [--json]
  npm run cli -- wave start --csv <file> [--name <wave name>] [--deadline-days <n>] [--include-overlap] [--dry-run] [--skip-invalid] [--json]
      --name: at most ${WAVE_NAME_MAX_CHARS} characters (default: the group's name, or the file's, shortened to fit).
      --deadline-days: ${DEADLINE_DAYS.min} to ${DEADLINE_DAYS.max} (default: WAVE_DEFAULT_DEADLINE_DAYS).
      A user is in one active wave at a time: a start with users already in an active wave is
      refused (nothing created) unless --include-overlap, which leaves those users out.
      CSV: a userPrincipalName (or UPN, Email) and/or id (or objectId) column, optional displayName;
      or no header and one object id or UPN per line. , ; TAB and | are recognised as delimiters.
      --dry-run checks every row and looks the users up in the directory, and creates nothing.
      Without --skip-invalid, a file with any malformed row is refused.
  npm run cli -- wave status [<wave-id>] [--json]
  npm run cli -- waves [--json]
Next to \`npm run dev\` the CLI finds the local world by itself (.data/dev-world.json). Elsewhere it
needs REDIS_URL and the bot's other settings; the bot or worker processes send the cards.
--json prints JSON for scripts; anything that fails prints one line and exits 1.`;

/** Every flag of every command; each command reads the ones it knows. */
const OPTIONS = {
  group: { type: 'string' },
  csv: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  'include-overlap': { type: 'boolean' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  'deadline-days': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** What a command gets: the world to work on, its flags and words, and where its output goes. */
interface CommandContext {
  runtime: Runtime;
  config: Config;
  values: Values;
  /** The words after the command's own (e.g. a wave id). */
  args: string[];
  /** Where the settings came from (the environment, or the running `npm run dev`). */
  source: string;
}

class UsageError extends Error {}

const COMMANDS: Record<string, (context: CommandContext) => Promise<number>> = {
  'wave start': waveStart,
  'wave status': waveStatus,
  status: waveStatus,
  waves: listWaves,
};

function commandOf(positionals: string[]): { name: string; args: string[] } | undefined {
  for (const words of [2, 1]) {
    const name = positionals.slice(0, words).join(' ');
    if (COMMANDS[name]) return { name, args: positionals.slice(words) };
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    console.error(`${(error as Error).message}\nSee: npm run cli -- --help`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || !positionals.length) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const command = commandOf(positionals);
  if (!command) {
    console.error(`unknown command "${positionals.join(' ')}"\n${USAGE}`);
    return 2;
  }
  let config: Config | undefined;
  try {
    const { env, source } = cliEnvironment();
    config = loadConfig(env);
    const redisUrl = config.REDIS_URL as string;
    await checkRedis(redisUrl);
    // The CLI prints its own lines; the bot's log lines are for when something is being debugged.
    const logger = createLogger(env.LOG_LEVEL ? config.LOG_LEVEL : 'error');
    const runtime = createRuntime(config, logger, redisUrl);
    try {
      return await COMMANDS[command.name]!({ runtime, config, values, args: command.args, source });
    } finally {
      await runtime.close();
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof WaveStartRefusedError) {
      const report = isCsvReport(error.context) ? error.context : undefined;
      if (report && values.json)
        console.log(JSON.stringify({ ...report, accepted: false, refused: error.refusal.kind }));
      else if (report) console.log(formatCsvReport(report));
      console.error(waveStartRefusalLine(error.refusal));
      return 1;
    }
    console.error(await describeFailure(error, config?.GRAPH_BASE_URL));
    return 1;
  }
}

function isCsvReport(value: unknown): value is CsvImportReport {
  return typeof value === 'object' && value !== null && 'fileName' in value && 'rows' in value;
}

function createdBy() {
  return commandLineActor(userInfo().username);
}

/** Workers that take a wave's jobs on this Redis: without one, nothing is sent yet. */
async function workersOn(runtime: Runtime): Promise<number> {
  return (await runtime.queues.wavePlan.getWorkers()).length;
}

function announceLines(wave: Wave, place: AdminPlace | undefined, workers: number, source: string): string {
  const lines = [
    `wave ${wave.id} created ("${wave.name}"), deadline ${wave.deadline.slice(0, 10)}, in ${source}`,
    place
      ? `the bot announces it and posts its digest in ${describeAdminPlace(place)}`
      : `not announced in Teams: ${describeAdminPlace(place)}`,
  ];
  if (!workers)
    lines.push(
      'nothing works on this Redis right now: the wave waits until the bot (npm start, npm run dev) or a worker (npm run worker) runs',
    );
  return lines.join('\n');
}

async function waveStart({ runtime, values, source }: CommandContext): Promise<number> {
  const { group, csv } = values;
  if ((group && csv) || !(group || csv))
    throw new UsageError('wave start needs --group <entra-group-id> or --csv <file>');
  // Nobody asked from a chat: the wave's posts go where admin posts go without one.
  const place = await whereAdminPostsGo(runtime.deps, { purpose: 'wave' });
  const request = {
    name: values.name,
    createdBy: createdBy(),
    // Checked by the use case, so the chat command and the CLI share the rule and its wording.
    deadlineDays: values['deadline-days'],
    includeOverlap: values['include-overlap'],
    adminConversation: place?.reference,
  };
  if (csv) {
    const started = await startCsvWave(runtime.deps, {
      ...request,
      filePath: csv,
      dryRun: values['dry-run'],
      skipInvalid: values['skip-invalid'],
    }).catch((error: NodeJS.ErrnoException) => {
      if (!error.code || !['ENOENT', 'EACCES', 'EISDIR'].includes(error.code)) throw error;
      throw new CliFailure(`cannot read ${csv}: ${error.message}`);
    });
    const { report, wave } = started;
    const workers = wave ? await workersOn(runtime) : 0;
    if (values.json) {
      console.log(
        JSON.stringify({
          ...report,
          wave: wave && { waveId: wave.id, name: wave.name, deadline: wave.deadline },
          adminPosts: wave ? adminPlaceJson(place) : undefined,
        }),
      );
    } else {
      console.log(formatCsvReport(report));
      if (wave) console.log(announceLines(wave, place, workers, source));
    }
    return report.accepted ? 0 : 1;
  }
  const wave = await startWave(runtime.deps, { ...request, groupId: group as string });
  const workers = await workersOn(runtime);
  if (values.json) {
    console.log(
      JSON.stringify({
        waveId: wave.id,
        name: wave.name,
        deadline: wave.deadline,
        leftOut: wave.leftOut ?? 0,
        adminPosts: adminPlaceJson(place),
        workers,
      }),
    );
  } else {
    console.log(announceLines(wave, place, workers, source));
  }
  return 0;
}

async function waveStatus({ runtime, values, args }: CommandContext): Promise<number> {
  const { repo } = runtime.deps;
  const [waveId] = args;
  const wave = waveId
    ? isWaveId(waveId)
      ? await repo.getWave(waveId)
      : undefined
    : (await repo.listWaves(1))[0];
  if (!wave) {
    if (waveId) throw new CliFailure(`no wave with that id: ${waveId} (npm run cli -- waves lists them)`);
    console.log(values.json ? 'null' : 'no waves');
    return 0;
  }
  const counts = await repo.countByStatus(wave.id);
  const adminPosts = await whereAdminPostsGo(runtime.deps, { purpose: 'wave', wave });
  const csv = wave.source.kind === 'csv' ? await csvWaveReport(runtime.deps, wave.id) : undefined;
  if (values.json) {
    console.log(
      JSON.stringify({ ...waveJson(wave), counts, adminPosts: adminPlaceJson(adminPosts), csv }, null, 2),
    );
  } else {
    console.log(waveStatusText({ wave, counts, adminPosts, csv }));
  }
  return 0;
}

async function listWaves({ runtime, values }: CommandContext): Promise<number> {
  const waves = await runtime.deps.repo.listWaves(50);
  console.log(values.json ? JSON.stringify(waves.map(waveJson), null, 2) : wavesTable(waves));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    // Only a bug gets here (main answers every failure itself): one line still, with the reason.
    console.error(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
