/**
 * `npm run dev`: the whole product on this machine, nothing from Microsoft needed.
 *   1. Redis: REDIS_URL, or a private redis-server with its data in .data/redis (kept across runs)
 *   2. the Graph simulator with the sample tenant (src/dev/sample-tenant.json)
 *   3. the bot and its workers on PORT (3978), and the connector simulator for the people the
 *      Playground does not show
 *   4. Microsoft 365 Agents Playground on 56150: you are Adele Vance, a rollout admin in the pilot
 * `.data/dev-world.json` tells the CLI where all this is. Ctrl-C stops everything.
 *
 * `npm run dev -- --as megan`: be somebody else in the Playground (Megan Bowen is the helpdesk).
 * Next to a running `npm run dev` it adds a second Playground for her on the next port (or
 * TEAMSAPPTESTER_PORT), which stays attached when that `npm run dev` is restarted; otherwise it
 * starts the local world with her as the Playground's user.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  readWorldFile,
  removeWorldFile,
  WORLD_FILE_NAME,
  type WorldFile,
  worldSettings,
  writeWorldFile,
} from '../cli/world-file';
import { ConfigError } from '../config';
import { closeOnSignal } from '../shutdown';
import { ATTACHED_PLAYGROUNDS_DIR } from './attached-playgrounds';
import { secondPlaygroundBanner, worldBanner } from './dev-banner';
import { startLocalWorld } from './local-world';
import { isPlaygroundPerson, PLAYGROUND_PEOPLE, type PlaygroundPerson } from './playground/dev-tenant';
import { isPortFree } from './playground/ports';
import { RedisBinaryMissingError } from './redis-launcher';
import { PlaygroundNotTakenError, startSecondPlayground } from './second-playground';

const repoRoot = resolve(__dirname, '..', '..');
const worldFile = resolve(repoRoot, WORLD_FILE_NAME);

class UsageError extends Error {}

function chosenPerson(argv: string[]): PlaygroundPerson {
  const { values } = parseArgs({ args: argv, options: { as: { type: 'string' } } });
  const wanted = (values.as ?? 'adele').toLowerCase();
  if (!isPlaygroundPerson(wanted)) {
    throw new UsageError(`--as: one of ${PLAYGROUND_PEOPLE.join(', ')} (the people the Playground shows)`);
  }
  return wanted;
}

async function main(argv: string[]): Promise<void> {
  const person = chosenPerson(argv);
  const found = readWorldFile(worldFile);
  if (found.kind === 'running') {
    if (person === 'adele') {
      throw new UsageError(
        `a local world is already running here (pid ${found.world.pid}, ${found.world.playgroundUrl}): ` +
          'stop it first, or add a Playground for somebody else with `npm run dev -- --as megan`',
      );
    }
    await addPlayground(found.world, person);
    return;
  }
  await startWorld(person);
}

async function startWorld(person: PlaygroundPerson): Promise<void> {
  const botPort = Number(process.env.PORT ?? 3978);
  const world = await startLocalWorld({
    botPort,
    playgroundPort: Number(process.env.TEAMSAPPTESTER_PORT ?? 56150),
    redisUrl: process.env.REDIS_URL,
    env: { ...process.env },
    as: person,
  });
  writeWorldFile(worldFile, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    botEndpoint: world.botEndpoint,
    playgroundUrl: world.playground.url,
    settings: worldSettings(world.config),
  });
  closeOnSignal(async () => {
    removeWorldFile(worldFile);
    await world.stop();
  });
  const { tenant } = world.playground;
  console.log(
    worldBanner({
      person,
      userName: tenant.currentUser.name,
      playgroundUrl: world.playground.url,
      botEndpoint: world.botEndpoint,
      graphUrl: world.graph.url,
      sampleUsers: world.graph.state.userCount,
      teamsServiceUrl: world.config.TEAMS_SERVICE_URL,
      shown: [tenant.currentUser, ...tenant.users].length,
      redisUrl: world.redisUrl,
      redisPrefix: world.config.REDIS_PREFIX,
      privateRedis: !process.env.REDIS_URL,
      reattached: world.reattached,
    }),
  );
}

/** A second Playground, as somebody else, on the running world's bot; the world's router sends to it too. */
async function addPlayground(world: WorldFile, person: PlaygroundPerson): Promise<void> {
  const mainPort = Number(new URL(world.playgroundUrl).port);
  const asked = Number(process.env.TEAMSAPPTESTER_PORT);
  const port = asked && asked !== mainPort ? asked : mainPort + 1;
  if (!(await isPortFree(port)))
    throw new UsageError(
      `port ${port} is busy: choose another with TEAMSAPPTESTER_PORT=<port> npm run dev -- --as ${person}`,
    );
  const playground = await startSecondPlayground({
    botEndpoint: world.botEndpoint,
    person,
    port,
    cwd: resolve(repoRoot, '.data', `playground-${person}`),
    recordDir: resolve(repoRoot, ATTACHED_PLAYGROUNDS_DIR),
  });
  closeOnSignal(() => playground.stop());
  console.log(
    secondPlaygroundBanner({
      person,
      userName: playground.tenant.currentUser.name,
      playgroundUrl: playground.url,
      botEndpoint: world.botEndpoint,
      worldPlaygroundUrl: world.playgroundUrl,
    }),
  );
}

main(process.argv.slice(2)).catch((error) => {
  const known =
    error instanceof UsageError ||
    error instanceof RedisBinaryMissingError ||
    error instanceof ConfigError ||
    error instanceof PlaygroundNotTakenError;
  console.error(known ? error.message : error);
  process.exit(1);
});
