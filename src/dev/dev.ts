/**
 * `npm run dev`: the whole product on this machine, nothing from Microsoft needed.
 *   1. Redis: REDIS_URL, or a private redis-server with its data in .data/redis (kept across runs)
 *   2. the Graph simulator with the sample tenant (src/dev/sample-tenant.json)
 *   3. the bot and its workers on PORT (3978)
 *   4. Microsoft 365 Agents Playground on 56150: you are Adele Vance, a rollout admin in the pilot
 * Ctrl-C stops everything.
 */
import { ConfigError } from '../config';
import { closeOnSignal } from '../shutdown';
import { SAMPLE_GROUPS } from './graph-sim';
import { startLocalWorld } from './local-world';
import { RedisBinaryMissingError } from './redis-launcher';

async function main(): Promise<void> {
  const botPort = Number(process.env.PORT ?? 3978);
  const world = await startLocalWorld({
    botPort,
    playgroundPort: Number(process.env.TEAMSAPPTESTER_PORT ?? 56150),
    redisUrl: process.env.REDIS_URL,
    env: { ...process.env },
  });
  closeOnSignal(() => world.stop());
  console.log(
    [
      '',
      'MFA rollout bot, running locally',
      `  Agents Playground  ${world.playground.url}   (you are Adele Vance: rollout admin, in the pilot group)`,
      `  Bot endpoint       ${world.botEndpoint}   (/healthz, /readyz, /metrics on the same port)`,
      `  Graph simulator    ${world.graph.url}   (sample tenant: ${world.graph.state.userCount} users)`,
      `  Redis              ${world.redisUrl}${process.env.REDIS_URL ? '' : '   (data in .data/redis)'}`,
      '',
      'In the Playground, write:',
      `  wave start ${SAMPLE_GROUPS.pilot} Pilot`,
      'then answer your own card with "Yes, that\'s my number" and watch the admin digest.',
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(
    error instanceof RedisBinaryMissingError || error instanceof ConfigError ? error.message : error,
  );
  process.exit(1);
});
