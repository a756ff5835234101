import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startWave } from './queue/wave-plan';
import { createRuntime } from './runtime';

const USAGE = `Usage:
  npm run cli -- wave start --group <entra-group-id> [--name <wave name>] [--deadline-days <n>]
  npm run cli -- wave status [<wave-id>]
  npm run cli -- waves
Needs REDIS_URL (and the same settings as the bot); the bot or worker processes send the cards.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      group: { type: 'string' },
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
      if (!values.group) {
        console.error('wave start needs --group <entra-group-id>');
        return 2;
      }
      const deadlineDays = values['deadline-days'] ? Number(values['deadline-days']) : undefined;
      const wave = await startWave(runtime.deps, {
        groupId: values.group,
        name: values.name,
        createdBy: { id: `cli:${userInfo().username}`, name: userInfo().username },
        deadlineDays,
      });
      console.log(JSON.stringify({ waveId: wave.id, name: wave.name, deadline: wave.deadline }));
      return 0;
    }
    if ((noun === 'wave' && verb === 'status') || noun === 'status') {
      const waveId = noun === 'status' ? verb : arg;
      const wave = waveId
        ? await runtime.deps.repo.getWave(waveId)
        : (await runtime.deps.repo.listWaves(1))[0];
      if (!wave) {
        console.error(waveId ? `no wave ${waveId}` : 'no waves yet');
        return 1;
      }
      console.log(
        JSON.stringify(
          { ...wave, adminConversation: undefined, counts: await runtime.deps.repo.countByStatus(wave.id) },
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
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
