import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';

/** A private redis-server owned by this process: dev runs and test runs never touch a shared Redis. */
export interface LaunchedRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export class RedisBinaryMissingError extends Error {
  constructor() {
    super(
      [
        'redis-server was not found on PATH. Install it, or set REDIS_URL to an existing Redis:',
        '  Debian/Ubuntu: sudo apt-get install -y redis-server',
        '  macOS:         brew install redis',
        '  Docker:        docker run -d -p 6379:6379 redis:7 && export REDIS_URL=redis://127.0.0.1:6379',
      ].join('\n'),
    );
    this.name = 'RedisBinaryMissingError';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** redis-server from the PATH, looked up directly (no shell: it works whatever the PATH holds). */
function redisBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new RedisBinaryMissingError();
}

export interface RedisLaunchOptions {
  /** Data folder; AOF lives here so a dev restart keeps the rollout state. */
  dataDir?: string;
  port?: number;
  /** Tests want nothing on disk. */
  persistent?: boolean;
}

export async function launchRedis(options: RedisLaunchOptions = {}): Promise<LaunchedRedis> {
  const binary = redisBinary();
  const port = options.port ?? (await freePort());
  const dataDir = resolve(options.dataDir ?? '.data/redis');
  mkdirSync(dataDir, { recursive: true });
  const persistent = options.persistent ?? true;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dataDir,
    '--maxmemory-policy',
    'noeviction',
    '--appendonly',
    persistent ? 'yes' : 'no',
    '--save',
    '',
    '--daemonize',
    'no',
  ];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        ready();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`redis-server exited with code ${code}:\n${output}`)));
    child.once('error', fail);
  });
  child.stdout?.resume();
  child.stderr?.resume();
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((done) => {
        process.off('exit', stopOnExit);
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
