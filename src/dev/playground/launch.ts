/**
 * Starts Microsoft 365 Agents Playground (node_modules/.bin/agentsplayground) offline, in its own
 * process group, on a port that is checked to be free first: the Playground silently moves to a
 * random port when the one asked for is busy, which would point a test at somebody else's server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { PLAYGROUND_CONFIG_FILE, type PlaygroundUser } from './config-types';

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

/** The tenant as the running Playground loaded it (`GET /_internal/v1/config`). */
export interface PlaygroundTenant {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string; name: string };
  groupChats: { id: string; name: string; members: string[] }[];
  teams: {
    id: string;
    name: string;
    aadGroupId: string;
    channels: { id: string; name: string; channelType: string }[];
    members: string[];
  }[];
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

/** Resolves true when nothing listens on `port` (checked the way the Playground checks: all interfaces). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, () => server.close(() => done(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? done(port) : fail(new Error('no free port'))));
    });
  });
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

/** The UI's own config endpoint: answers once the server is up and the config file is loaded. */
export async function fetchPlaygroundTenant(baseUrl: string): Promise<PlaygroundTenant | undefined> {
  try {
    const response = await fetch(`${baseUrl}/_internal/v1/config`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { config?: PlaygroundTenant };
    return body.config?.bot?.id ? body.config : undefined;
  } catch {
    return undefined;
  }
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

/** SIGTERM to the process group, SIGKILL if it is still there after `graceMs`. */
async function killTree(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // group already gone
    }
  };
  signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((done) => {
    timer = setTimeout(() => done(true), graceMs);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    signal('SIGKILL');
    await exited;
  } else {
    signal('SIGKILL'); // any grandchild that ignored SIGTERM
  }
}

/*
 * The Playground runs in its own process group (so stop() can kill the tree), which also means a
 * Ctrl-C or a SIGTERM from the test runner does not reach it. While any is running, exit and those
 * signals kill them first; a signal is then re-raised so the process still ends the default way.
 */
const running = new Set<number>();
const killRunning = () => {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};
const forwardedSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const onSignal = (signal: NodeJS.Signals) => {
  killRunning();
  running.clear();
  unhook();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
};
function hook() {
  process.on('exit', killRunning);
  for (const signal of forwardedSignals) process.on(signal, onSignal);
}
function unhook() {
  process.removeListener('exit', killRunning);
  for (const signal of forwardedSignals) process.removeListener(signal, onSignal);
}
function adopt(pgid: number) {
  if (running.size === 0) hook();
  running.add(pgid);
}
function release(pgid: number) {
  if (running.delete(pgid) && running.size === 0) unhook();
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
  if (child.pid !== undefined) adopt(child.pid);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= killTree(child).finally(() => {
      if (child.pid !== undefined) release(child.pid);
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
