/** What the benchmarks share: a private Redis, and the simulators in a process of their own. */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchRedis } from '../src/dev/redis-launcher';
import type { DeliverySummary, SimulatorRequest } from './simulators';

export interface BenchRedis {
  url: string;
  stop(): Promise<void>;
}

/** REDIS_URL when set; otherwise a private redis-server with nothing on disk. */
export async function benchRedis(): Promise<BenchRedis> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), 'mfa-bench-redis-'));
  const redis = await launchRedis({ dataDir, persistent: false });
  return {
    url: redis.url,
    async stop() {
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Simulators {
  graphUrl: string;
  connectorUrl: string;
  summary(): Promise<DeliverySummary>;
  /** CPU the simulators' process used since it started (ms). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Node flags for the benchmark's child processes: `BENCH_CPU_PROF_DIR=<dir>` makes each write a CPU
 * profile there when it exits (NODE_OPTIONS may not carry --cpu-prof).
 */
export function childExecArgv(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return ['--import', 'tsx', ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [])];
}

/** The Graph and connector simulators in a child process (bench/simulators.ts), as Graph and Teams are remote. */
export async function startSimulators(request: SimulatorRequest): Promise<Simulators> {
  const child: ChildProcess = fork(join(__dirname, 'simulators.ts'), [JSON.stringify(request)], {
    execArgv: childExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string } & T) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`simulators exited with ${code}`)));
    });
  const ready = await next<{ graphUrl: string; connectorUrl: string }>('ready');
  return {
    graphUrl: ready.graphUrl,
    connectorUrl: ready.connectorUrl,
    async summary() {
      const reply = next<{ summary: DeliverySummary }>('summary');
      child.send({ type: 'summary' });
      return (await reply).summary;
    },
    async cpuMs() {
      const reply = next<{ cpuMs: number }>('cpu');
      child.send({ type: 'cpu' });
      return (await reply).cpuMs;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}
