import { join, resolve } from 'node:path';
import { type Config, loadConfig } from '../config';
import { createLogger } from '../logger';
import { createRuntime, type Runtime } from '../runtime';
import { createHttpServer, listen } from '../server/http-server';
import {
  ATTACHED_PLAYGROUNDS_DIR,
  type AttachedPlayground,
  runningPlaygroundsFor,
} from './attached-playgrounds';
import { ConnectorRouter } from './connector-router';
import { type ConnectorSimulator, startConnectorSimulator } from './connector-sim';
import { connectorRouterUrl, mountDevRoutes } from './dev-routes';
import {
  type GraphSimulator,
  SAMPLE_GROUPS,
  SAMPLE_TENANT_ID,
  SAMPLE_USERS,
  startGraphSimulator,
} from './graph-sim';
import { writePlaygroundConfig } from './playground/config-types';
import {
  DEV_ADMIN_CHANNEL_ID,
  DEV_ADMIN_CHANNEL_NAME,
  type PlaygroundPerson,
  playgroundConfigAs,
} from './playground/dev-tenant';
import { type Playground, startPlayground } from './playground/launch';
import { fetchPlaygroundTenant } from './playground/playground-tenant';
import { isPortFree } from './playground/ports';
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
  /**
   * Who the Playground's UI is. Default Adele, with the config file in playgroundCwd; anybody else
   * gets a generated config under `<playgroundCwd>/.data/playground-<person>/` (its log there too).
   */
  as?: PlaygroundPerson;
  /**
   * Where second Playgrounds record themselves (attached-playgrounds.ts): those still running for
   * this bot are attached again at start. Default `<playgroundCwd>/.data/dev-playgrounds`.
   */
  attachedPlaygroundsDir?: string;
}

export interface LocalWorld {
  config: Config;
  runtime: Runtime;
  graph: GraphSimulator;
  /** Where the people the Playground does not show are reached. */
  connector: ConnectorSimulator;
  /** TEAMS_SERVICE_URL: sends each chat to the Playground that shows the person, or the simulator. */
  router: ConnectorRouter;
  playground: Playground;
  /** Second Playgrounds (`npm run dev -- --as megan`) that outlived the previous run and were attached again. */
  reattached: AttachedPlayground[];
  redisUrl: string;
  botEndpoint: string;
  /** Stops everything it started, newest first. */
  stop(): Promise<void>;
}

/**
 * Redis, the Graph simulator with the sample tenant, the bot with its workers, the Agents
 * Playground, and the connector simulator for the people the Playground does not show, wired
 * together: what `npm run dev` shows and what the browser tests drive.
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

    const teamsAppId = 'a4b1c2d3-0000-4000-8000-00000000beef';
    // Teams' limits and its rule that a chat needs the app installed (the bot installs it via Graph).
    const connector = await startConnectorSimulator({
      requireInstall: true,
      isInstalled: (userId) => graph.state.isAppInstalled(userId, teamsAppId),
      userProfile: (userId) => {
        const user = graph.state.findUser(userId);
        return user && { name: user.displayName, userPrincipalName: user.userPrincipalName };
      },
      logger: createLogger('warn', 'connector-sim'),
    });
    stops.push(() => connector.close());
    const router = new ConnectorRouter(connector.url);
    const botBaseUrl = `http://127.0.0.1:${options.botPort}`;

    const config = loadConfig({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      REDIS_PREFIX: 'mfa-dev',
      TENANT_ID: SAMPLE_TENANT_ID,
      TEAMS_APP_ID: teamsAppId,
      ADMIN_GROUP_ID: SAMPLE_GROUPS.admins,
      // The Playground team's channel "MFA Rollout": helpdesk approvals, and waves started from the CLI.
      ADMIN_CHANNEL_ID: DEV_ADMIN_CHANNEL_ID,
      ADMIN_CHANNEL_NAME: DEV_ADMIN_CHANNEL_NAME,
      EXCLUDED_USER_IDS: SAMPLE_USERS.breakGlass,
      // The sample tenant's 'MFA Enforced (CA)' group, the one its Conditional Access policy targets.
      ENFORCEMENT_GROUP_ID: SAMPLE_GROUPS.enforcement,
      ORGANIZATION_NAME: 'Contoso',
      PHONE_CORRECTION_POLICY: 'approval',
      // The Playground speaks en-US: waves started from the CLI read like the ones started in chat.
      WAVE_DEFAULT_LOCALE: 'en-US',
      ...options.env,
      // The stand-ins are always the local ones, and the Playground asks for no tokens.
      REDIS_URL: redisUrl,
      GRAPH_BASE_URL: graph.url,
      TEAMS_SERVICE_URL: connectorRouterUrl(botBaseUrl),
      BOT_ID: '',
      BOT_PASSWORD: '',
    });
    const runtime = createRuntime(config, createLogger(config.LOG_LEVEL), redisUrl);
    stops.push(() => runtime.close());
    const server = createHttpServer({
      adapter: runtime.adapter,
      bot: runtime.bot,
      redis: runtime.redis,
      logger: runtime.deps.logger,
    });
    // Chats in a Playground that was closed are opened again, through the router, on the next message.
    mountDevRoutes(server, router, { playgroundLeft: (url) => runtime.deps.refs.forgetChatsAt(url) });
    await listen(server, options.botPort, '127.0.0.1');
    stops.push(async () => server.close());
    const botEndpoint = `${botBaseUrl}/api/messages`;

    // The Playground mounts its connector only once the bot answers, so it starts last.
    const cwd = options.playgroundCwd ?? repoRoot;
    const person = options.as ?? 'adele';
    const own = person === 'adele' ? undefined : join(cwd, '.data', `playground-${person}`);
    const playground = await startPlayground({
      botEndpoint,
      port: options.playgroundPort,
      cwd: own ?? cwd,
      configPath: own && writePlaygroundConfig(own, playgroundConfigAs(person)),
    });
    stops.push(() => playground.stop());
    router.attach({ connectorUrl: playground.connectorUrl, tenant: playground.tenant });
    const reattached = await attachRunningPlaygrounds(
      router,
      options.attachedPlaygroundsDir ?? join(cwd, ATTACHED_PLAYGROUNDS_DIR),
      botEndpoint,
    );
    // Only now that the router knows every Playground: a job due since the last run (a reminder,
    // an approval card) goes where its person is, not to the simulator.
    runtime.startWorkers();
    return { config, runtime, graph, connector, router, playground, reattached, redisUrl, botEndpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The second Playgrounds still running for this bot (they outlived a restart): attached again. */
async function attachRunningPlaygrounds(
  router: ConnectorRouter,
  dir: string,
  botEndpoint: string,
): Promise<AttachedPlayground[]> {
  const attached: AttachedPlayground[] = [];
  for (const record of runningPlaygroundsFor(dir, botEndpoint)) {
    const tenant = await fetchPlaygroundTenant(record.url);
    if (!tenant) continue;
    router.attach({ connectorUrl: `${record.url}/_connector`, tenant });
    attached.push(record);
  }
  return attached;
}
