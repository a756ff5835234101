import { userInfo } from 'node:os';
import { readAdminDigest } from './app/admin-digest';
import { type AdminPlace, describeAdminPlace, whereAdminPostsGo } from './app/admin-posts';
import type { CsvImportReport } from './app/csv-import-report';
import { csvWaveReport } from './app/csv-wave-report';
import { startCsvWave } from './app/start-csv-wave';
import { startWave } from './app/start-wave';
import { waveStartRefusalLine } from './cards/wave-start-text';
import { type CommandName, type CommandValues, readCommandLine } from './cli/command-line';
import { dryRunOutcome, formatCsvReport } from './cli/csv-report';
import { waveEnforce, waveOverride, waveUndo } from './cli/enforce-commands';
import { cliEnvironment } from './cli/environment';
import { CliFailure, checkRedis, describeFailure } from './cli/failure';
import { adminPlaceJson, digestJson, waveJson, waveStatusText, wavesTable } from './cli/wave-views';
import { type Config, loadConfig } from './config';
import { createLogger } from './logger';
import { commandLineActor, isWaveId, type Wave } from './rollout/wave';
import { WaveStartRefusedError } from './rollout/wave-start';
import { createRuntime, type Runtime } from './runtime';

/** What a command gets: the world to work on, its flags and words, and where its output goes. */
interface CommandContext {
  runtime: Runtime;
  config: Config;
  values: CommandValues;
  /** The words after the command's own (e.g. a wave id). */
  args: string[];
  /** Where the settings came from (the environment, or the running `npm run dev`). */
  source: string;
}

const COMMANDS: Record<CommandName, (context: CommandContext) => Promise<number>> = {
  'wave start': waveStart,
  'wave status': waveStatus,
  waves: listWaves,
  'wave enforce': ({ runtime, values, args }) =>
    waveEnforce({
      runtime,
      waveId: args[0],
      operator: createdBy(),
      dryRun: values['dry-run'] ?? false,
      yes: values.yes ?? false,
      approvedBy: values['approved-by'],
      wait: values.wait ?? false,
      json: values.json ?? false,
    }),
  'wave undo': ({ runtime, values, args }) =>
    waveUndo({
      runtime,
      waveId: args[0],
      operator: createdBy(),
      userId: values.user,
      json: values.json ?? false,
    }),
  'wave override': ({ runtime, values, args }) =>
    waveOverride({
      runtime,
      waveId: args[0],
      operator: createdBy(),
      userId: values.user,
      reason: values.reason,
    }),
};

async function main(argv: string[]): Promise<number> {
  const command = readCommandLine(argv);
  if (command.kind === 'usage') {
    if (command.problem) console.error(`${command.problem}\n${command.text}`);
    else console.log(command.text);
    return command.code;
  }
  const { values } = command;
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
      return await COMMANDS[command.name]({ runtime, config, values, args: command.args, source });
    } finally {
      await runtime.close();
    }
  } catch (error) {
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

function announceLines(
  wave: Wave,
  place: AdminPlace | undefined,
  workers: number,
  source: string,
  config: Config,
): string {
  const lines = [
    `wave ${wave.id} created ("${wave.name}"), deadline ${wave.deadline.slice(0, 10)}, in ${source}`,
    place
      ? `the bot announces it and posts its digest in ${describeAdminPlace(place, config)}`
      : `not announced in Teams: ${describeAdminPlace(place, config)}`,
  ];
  if (!workers)
    lines.push(
      'nothing works on this Redis right now: the wave waits until the bot (npm start, npm run dev) or a worker (npm run worker) runs',
    );
  return lines.join('\n');
}

async function waveStart({ runtime, config, values, source }: CommandContext): Promise<number> {
  const { group, csv } = values;
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
          dryRunOutcome: report.dryRun
            ? dryRunOutcome(report, values['include-overlap'] ?? false)
            : undefined,
        }),
      );
    } else {
      console.log(formatCsvReport(report, { includeOverlap: values['include-overlap'] }));
      if (wave) console.log(announceLines(wave, place, workers, source, config));
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
    console.log(announceLines(wave, place, workers, source, config));
  }
  return 0;
}

async function waveStatus({ runtime, config, values, args }: CommandContext): Promise<number> {
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
  // The digest's own reader: the same counts and the same people as the admin digest in Teams.
  const digest = await readAdminDigest(runtime.deps, wave.id);
  const adminPosts = await whereAdminPostsGo(runtime.deps, { purpose: 'wave', wave });
  const csv = wave.source.kind === 'csv' ? await csvWaveReport(runtime.deps, wave.id) : undefined;
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          ...waveJson(wave),
          counts: digest.counts,
          ...digestJson(digest),
          adminPosts: adminPlaceJson(adminPosts),
          csv,
        },
        null,
        2,
      ),
    );
  } else {
    console.log(waveStatusText({ wave, digest, adminPosts, csv, config }));
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
