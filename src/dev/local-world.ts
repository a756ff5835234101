import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createRuntime, type Runtime } from '../runtime';
import { createHttpServer, listen } from '../server/http-server';
import { type GraphSimulator, SAMPLE_GROUPS, SAMPLE_TENANT_ID, startGraphSimulator } from './graph-sim';
import { isPortFree, type Playground, startPlayground } from './playground/launch';
import { launchRedis } from './redis-launcher';

const repoRoot = resolve(__dirname, '..', '..');

export interface LocalWorldOptions {
  botPort: number;
  playgroundPort: number;
  /** An existing Redis; otherwise a private redis-server is started. */
  redisUrl?: string;
  /** Where the private redis-server keeps its data (AOF). Default .data/redis. */
  redisDataDir?: string;
  /** Settings on top of the local defaults (e.g. PHONE_CORRECTION_POLICY, REDIS_PREFIX). */
  env?: Record<string, string | undefined>;
  /** The Playground's working folder (its config and devTools/ log). Default the repository root. */
  playgroundCwd?: string;
}

export interface LocalWorld {
  runtime: Runtime;
  graph: GraphSimulator;
  playground: Playground;
  redisUrl: string;
  botEndpoint: string;
  /** Stops everything it started, newest first. */
  stop(): Promise<void>;
}

/**
 * Redis, the Graph simulator with the sample tenant, the bot with its workers, and the Agents
 * Playground, wired together: what `npm run dev` shows and what the browser tests drive.
 */
export async function startLocalWorld(options: LocalWorldOptions): Promise<LocalWorld> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    for (const [name, wanted] of [
      ['bot', options.botPort],
      ['Agents Playground', options.playgroundPort],
    ] as const) {
      if (!(await isPortFree(wanted)))
        throw new Error(`port ${wanted} for the ${name} is busy: stop whatever uses it`);
    }
    const redis = options.redisUrl
      ? undefined
      : await launchRedis({
          dataDir: options.redisDataDir ?? resolve(repoRoot, '.data', 'redis'),
          persistent: true,
        });
    if (redis) stops.push(() => redis.stop());
    const redisUrl = options.redisUrl ?? redis!.url;

    const graph = await startGraphSimulator({ logger: createLogger('warn', 'graph-sim') });
    stops.push(() => graph.close());

    const config = loadConfig({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      REDIS_PREFIX: 'mfa-dev',
      TENANT_ID: SAMPLE_TENANT_ID,
      TEAMS_APP_ID: 'a4b1c2d3-0000-4000-8000-00000000beef',
      ADMIN_GROUP_ID: SAMPLE_GROUPS.admins,
      ORGANIZATION_NAME: 'Contoso',
      PHONE_CORRECTION_POLICY: 'approval',
      ...options.env,
      // The stand-ins are always the local ones, and the Playground asks for no tokens.
      REDIS_URL: redisUrl,
      GRAPH_BASE_URL: graph.url,
      TEAMS_SERVICE_URL: `http://localhost:${options.playgroundPort}/_connector`,
      BOT_ID: '',
      BOT_PASSWORD: '',
    });
    const runtime = createRuntime(config, createLogger(config.LOG_LEVEL), redisUrl);
    runtime.startWorkers();
    stops.push(() => runtime.close());
    const server = createHttpServer({
      adapter: runtime.deps.adapter,
      bot: runtime.bot,
      redis: runtime.redis,
      logger: runtime.deps.logger,
    });
    await listen(server, options.botPort, '127.0.0.1');
    stops.push(async () => server.close());
    const botEndpoint = `http://127.0.0.1:${options.botPort}/api/messages`;

    // The Playground mounts its connector only once the bot answers, so it starts last.
    const playground = await startPlayground({
      botEndpoint,
      port: options.playgroundPort,
      cwd: options.playgroundCwd ?? repoRoot,
    });
    stops.push(() => playground.stop());
    return { runtime, graph, playground, redisUrl, botEndpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
