/**
 * Which settings the CLI runs with: the environment when it names a Redis (REDIS_URL), otherwise
 * those of the `npm run dev` world running in this folder (`.data/dev-world.json`), so the CLI
 * works next to it without anything to copy. Variables set in the environment still win.
 */
import { join } from 'node:path';
import { CliFailure } from './failure';
import { readWorldFile, WORLD_FILE_NAME } from './world-file';

export interface CliEnvironment {
  env: NodeJS.ProcessEnv;
  /** Where the settings came from, for a human reading the output. */
  source: string;
}

export function cliEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CliEnvironment {
  if (env.REDIS_URL) return { env, source: 'the environment (REDIS_URL)' };
  const found = readWorldFile(join(cwd, WORLD_FILE_NAME));
  switch (found.kind) {
    case 'running': {
      const { world } = found;
      if (!world.settings.REDIS_URL) {
        throw new CliFailure(
          `the local world (pid ${world.pid}) uses a Redis with a password, which ${WORLD_FILE_NAME} does not hold: set REDIS_URL`,
        );
      }
      return {
        env: { ...world.settings, ...env },
        source: `the local world of \`npm run dev\` (pid ${world.pid}, ${WORLD_FILE_NAME})`,
      };
    }
    case 'stale':
      throw new CliFailure(
        `REDIS_URL is not set, and the local world of ${WORLD_FILE_NAME} has stopped (pid ${found.world.pid}): ` +
          'start `npm run dev` again, or set REDIS_URL',
      );
    case 'unreadable':
      throw new CliFailure(
        `REDIS_URL is not set, and ${WORLD_FILE_NAME} cannot be read (${found.reason}): restart \`npm run dev\`, or set REDIS_URL`,
      );
    case 'none':
      throw new CliFailure(
        'REDIS_URL is not set and no local world runs here: start `npm run dev` (the CLI finds it by itself), ' +
          "or set REDIS_URL and the bot's other settings",
      );
  }
}
