/**
 * Starts Microsoft 365 Agents Playground (node_modules/.bin/agentsplayground) offline, in its own
 * process group, on a port that is checked to be free first: the Playground silently moves to a
 * random port when the one asked for is busy, which would point a test at somebody else's server.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PLAYGROUND_CONFIG_FILE } from './config-types';
import { fetchPlaygroundTenant, type PlaygroundTenant } from './playground-tenant';
import { freePort, isPortFree } from './ports';
import { adoptProcessGroup, killTree, releaseProcessGroup } from './process-group';

const repoRoot = resolve(__dirname, '..', '..', '..');
export const PLAYGROUND_BIN = join(repoRoot, 'node_modules', '.bin', 'agentsplayground');

export interface StartPlaygroundOptions {
  /** The bot's messaging endpoint, e.g. `http://127.0.0.1:3978/api/messages`. */
  botEndpoint: string;
  /** Default: a free port chosen here. A busy port is an error, never silently replaced. */
  port?: number;
  /** A `.m365agentsplayground.yml`; default `<cwd>/.m365agentsplayground.yml`. Must exist. */
  configPath?: string;
  /** Working directory of the Playground; its log goes to `<cwd>/devTools/`. Default: process.cwd(). */
  cwd?: string;
  /**
   * How long to wait until the Playground is ready (port answers, config loaded). It mounts its
   * connector and UI API only after the bot endpoint answers: start the bot first. Default 30 s.
   */
  startTimeoutMs?: number;
}

export interface Playground {
  /** The UI, `http://localhost:<port>`. */
  url: string;
  /** The mocked Bot Connector; the Playground puts exactly this in `activity.serviceUrl`. */
  connectorUrl: string;
  port: number;
  /** What the Playground actually loaded: ids to build conversation references from. */
  tenant: PlaygroundTenant;
  /** `<cwd>/devTools/m365agentsplayground.log` (the Playground appends; it only prints to a TTY). */
  logFile: string;
  /** Kills the whole process tree; idempotent. */
  stop(): Promise<void>;
}

/** Variables that would change where the Playground listens, logs, reads its config or what serviceUrl it sends. */
const inheritedOverrides = [
  'TEAMSAPPTESTER_PORT',
  'TEAMSAPPTESTER_LOGFILE',
  'TEAMS_APP_TEST_TOOL_CONFIG_PATH',
  'M365_AGENTS_PLAYGROUND_CONFIG_PATH',
  'M365_AGENTS_PLAYGROUND_LOGFILE',
  'M365_AGENTS_PLAYGROUND_SERVICE_URL',
  'M365_AGENTS_PLAYGROUND_CONVERSATION_ID',
  'M365_AGENTS_PLAYGROUND_DELIVERY_MODE',
  'M365_AGENTS_PLAYGROUND_TARGET_SDK',
  'M365_AGENTS_PLAYGROUND_ENABLE_EVENTS_RECORDING',
  'BOT_ENDPOINT',
  'DEFAULT_CHANNEL_ID',
  'SEND_INSTALLATION_ACTIVITY',
];

function playgroundEnv(configPath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of inheritedOverrides) delete env[name];
  const noProxy = [env.NO_PROXY ?? env.no_proxy, 'localhost', '127.0.0.1', '::1'].filter(Boolean).join(',');
  return {
    ...env,
    TEAMSAPPTESTER_BROWSER: 'none',
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
}

/** The last lines, without the Playground's per-message websocket buffering noise, each cut to 400 chars. */
function tail(text: string, lines = 30): string {
  return text
    .trimEnd()
    .split('\n')
    .filter((line) => !line.startsWith('debug No websocket clients connected'))
    .slice(-lines)
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
    .join('\n');
}

function readFrom(path: string, offset: number): string {
  try {
    return readFileSync(path).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}

class StartError extends Error {
  constructor(
    message: string,
    readonly portTaken = false,
  ) {
    super(message);
  }
}

async function startOnce(
  options: StartPlaygroundOptions,
  port: number,
  cwd: string,
  configPath: string,
): Promise<Playground> {
  if (!(await isPortFree(port))) {
    throw new StartError(
      `Agents Playground: port ${port} is already in use (it would silently pick another)`,
      true,
    );
  }
  const logFile = join(cwd, 'devTools', 'm365agentsplayground.log');
  const logOffset = existsSync(logFile) ? statSync(logFile).size : 0;
  const args = [
    PLAYGROUND_BIN,
    '-e',
    options.botEndpoint,
    '-c',
    'msteams',
    '--disable-telemetry',
    '-p',
    String(port),
  ];
  const child = spawn(process.execPath, args, {
    cwd,
    env: playgroundEnv(configPath),
    detached: true, // own process group: stop() kills the tree
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  if (child.pid !== undefined) adoptProcessGroup(child.pid);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= killTree(child).finally(() => {
      if (child.pid !== undefined) releaseProcessGroup(child.pid);
    });
    return stopped;
  };
  const diagnostics = () =>
    `\n--- output ---\n${tail(output) || '(none)'}\n--- ${logFile} ---\n${tail(readFrom(logFile, logOffset)) || '(empty)'}`;

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let tenant: PlaygroundTenant | undefined;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new StartError(
          `Agents Playground exited (${child.exitCode ?? child.signalCode}) while starting${diagnostics()}`,
        );
      }
      const announced = /Listening on (\d+)/.exec(output);
      if (announced && Number(announced[1]) !== port) {
        throw new StartError(
          `Agents Playground took port ${announced[1]} instead of ${port}${diagnostics()}`,
          true,
        );
      }
      if (announced) tenant = await fetchPlaygroundTenant(`http://127.0.0.1:${port}`);
      if (tenant) break;
      if (Date.now() > deadline) {
        // The Playground mounts its connector and UI API only once the bot endpoint answers.
        const log = readFrom(logFile, logOffset);
        const botDown = /Waiting for connection of endpoint|Cannot connect to your app/.test(log);
        const why = botDown
          ? ` because the bot at ${options.botEndpoint} does not answer (start the bot first)`
          : '';
        throw new StartError(
          `Agents Playground on port ${port} did not get ready in time${why}${diagnostics()}`,
        );
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `http://localhost:${port}`,
    connectorUrl: `http://localhost:${port}/_connector`,
    port,
    tenant,
    logFile,
    stop,
  };
}

export async function startPlayground(options: StartPlaygroundOptions): Promise<Playground> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const configPath = resolve(cwd, options.configPath ?? PLAYGROUND_CONFIG_FILE);
  // Without a config file the Playground falls back to a built-in tenant with a random personal chat id.
  if (!existsSync(configPath)) throw new Error(`Agents Playground config not found: ${configPath}`);
  if (!existsSync(PLAYGROUND_BIN)) throw new Error(`Agents Playground not installed: ${PLAYGROUND_BIN}`);
  if (options.port !== undefined) return startOnce(options, options.port, cwd, configPath);
  // A port we picked ourselves may be taken between our check and the Playground's bind: pick again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freePort(), cwd, configPath);
    } catch (error) {
      if (!(error instanceof StartError && error.portTaken) || attempt >= 3) throw error;
    }
  }
}
