/**
 * `npm run bench:preload -- --users 50000 [--window-seconds 150] [--kill-at 0.5] --json`: a phone
 * preload of `--users` users (every one gets a mobile) against the Graph simulator with Graph's
 * identity write limit (3,000 writes per window; 150 s is Graph's, a shorter window runs the same
 * pacing faster). The dry run runs here; the apply runs in a worker process, which `--kill-at`
 * SIGKILLs once that share of users is done, starting another one that resumes the job.
 * Last line: one JSON object.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyPreload } from '../src/app/apply-preload';
import { getPreloadRun, type PreloadRun } from '../src/app/preload-run';
import { previewPreload } from '../src/app/preview-preload';
import { loadConfig } from '../src/config';
import { generatedUserId } from '../src/dev/graph-sim';
import { createLogger } from '../src/logger';
import { createRuntime } from '../src/runtime';
import { benchNumber, type PreloadSimRequest, type PreloadSimSummary } from './preload-sim';
import { benchRedis, childExecArgv } from './support';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50000' },
    'window-seconds': { type: 'string', default: '150' },
    'kill-at': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const users = Number(values.users);
const windowSeconds = Number(values['window-seconds']);
const killAt = values['kill-at'] === undefined ? undefined : Number(values['kill-at']);
const GRAPH_LIMIT = 3000;
const say = (line: string) => (values.json ? console.error(line) : console.log(line));

function waitFor<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string } & T) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${type}: child exited with ${code}`)));
  });
}

/** Worker processes: the CPU and peak memory each reported last (a killed one keeps its last report). */
class Workers {
  private readonly usage = new Map<number, { cpuMs: number; rss: number }>();
  private peakRss = 0;
  current?: ChildProcess;

  constructor(private readonly env: Record<string, string>) {}

  start(): void {
    const child = fork(join(__dirname, 'preload-worker.ts'), [JSON.stringify(this.env)], {
      execArgv: childExecArgv(),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const index = this.usage.size;
    this.usage.set(index, { cpuMs: 0, rss: 0 });
    child.on('message', (message: { type: string; cpuMs: number; rss: number }) => {
      if (message.type !== 'usage') return;
      this.usage.set(index, { cpuMs: message.cpuMs, rss: message.rss });
      this.peakRss = Math.max(this.peakRss, message.rss);
    });
    this.current = child;
  }

  kill(): void {
    this.current?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    const child = this.current;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  get cpuMs(): number {
    return [...this.usage.values()].reduce((sum, usage) => sum + usage.cpuMs, 0);
  }

  get peakRssMb(): number {
    return Math.round(this.peakRss / 1024 / 1024);
  }
}

async function main(): Promise<void> {
  const redis = await benchRedis();
  const dir = mkdtempSync(join(tmpdir(), 'mfa-bench-preload-'));
  const file = join(dir, 'phones.csv');
  const lines = ['id,mobile'];
  for (let i = 0; i < users; i++) lines.push(`${generatedUserId(i)},${benchNumber(i)}`);
  writeFileSync(file, `${lines.join('\n')}\n`);

  const simRequest: PreloadSimRequest = {
    users,
    writesPerWindow: GRAPH_LIMIT,
    windowMs: windowSeconds * 1000,
  };
  const sim = fork(join(__dirname, 'preload-sim.ts'), [JSON.stringify(simRequest)], {
    execArgv: childExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { graphUrl } = await waitFor<{ graphUrl: string }>(sim, 'ready');
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: redis.url,
    REDIS_PREFIX: `bench-preload-${Date.now().toString(36)}`,
    GRAPH_BASE_URL: graphUrl,
    // The bot's default share of Graph's limit (0.95), over the simulator's window.
    GRAPH_IDENTITY_WRITES_PER_WINDOW: String(Math.floor(GRAPH_LIMIT * 0.95)),
    GRAPH_IDENTITY_WRITE_WINDOW_SECONDS: String(windowSeconds),
  };
  const config = loadConfig(env);
  const runtime = createRuntime(config, createLogger('silent'), redis.url);
  const actor = { id: 'bench', name: 'bench' };

  say(`phone preload: ${users} users, Graph's limit ${GRAPH_LIMIT} writes per ${windowSeconds} s`);
  const previewStarted = Date.now();
  const preview = await previewPreload(runtime.deps, {
    source: { kind: 'csv', stream: createReadStream(file), fileName: 'phones.csv' },
    requestedBy: actor,
    overwrite: false,
  });
  if (!preview.ok) throw new Error(`dry run refused: ${preview.error.reason}`);
  const previewSeconds = (Date.now() - previewStarted) / 1000;
  say(`dry run in ${previewSeconds.toFixed(1)} s: ${JSON.stringify(preview.counts)}`);

  const workers = new Workers(env);
  workers.start();
  const started = Date.now();
  const applied = await applyPreload(runtime.deps, preview.preloadId, actor, { operator: true });
  if (!applied.ok) throw new Error(`apply refused: ${applied.reason}`);
  let killed = false;
  let run: PreloadRun | undefined;
  let shown = 0;
  /** Users done when the first window had passed: the pacer starts with a full window's burst. */
  let afterFirstWindow: { at: number; processed: number } | undefined;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    run = await getPreloadRun(runtime.deps, preview.preloadId);
    if (!run) throw new Error('the run disappeared');
    if (!afterFirstWindow && Date.now() - started >= windowSeconds * 1000)
      afterFirstWindow = { at: Date.now(), processed: run.processed };
    if (run.processed - shown >= Math.max(1000, users / 20)) {
      shown = run.processed;
      say(`${run.processed}/${run.toApply} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    if (killAt !== undefined && !killed && run.processed >= killAt * run.toApply) {
      killed = true;
      say(`SIGKILL of the worker at ${run.processed}/${run.toApply}; a new worker takes over`);
      workers.kill();
      workers.start();
    }
    if (run.status === 'done') break;
  }
  const seconds = (Date.now() - started) / 1000;
  const simSummary = waitFor<{ summary: PreloadSimSummary }>(sim, 'summary');
  sim.send({ type: 'summary' });
  const { summary } = await simSummary;
  const writesPerWindow = summary.written / (seconds / windowSeconds);
  // After the first window the pacer can only refill: this is the sustained rate (one write per user).
  const steadyPerWindow = afterFirstWindow
    ? ((run.processed - afterFirstWindow.processed) / ((Date.now() - afterFirstWindow.at) / 1000)) *
      windowSeconds
    : undefined;
  const result = {
    users,
    windowSeconds,
    graphLimitPerWindow: GRAPH_LIMIT,
    previewSeconds: Number(previewSeconds.toFixed(1)),
    applySeconds: Number(seconds.toFixed(1)),
    usersPerMinute: Math.round((run.toApply / seconds) * 60),
    /** Per 150 s of Graph time when the window is scaled: usersPerMinute × windowSeconds / 150. */
    usersPerMinuteAtGraphWindow: Math.round(((run.toApply / seconds) * 60 * windowSeconds) / 150),
    writesPerWindow: Math.round(writesPerWindow),
    ratio: Number((writesPerWindow / GRAPH_LIMIT).toFixed(3)),
    steadyRatio: steadyPerWindow === undefined ? null : Number((steadyPerWindow / GRAPH_LIMIT).toFixed(3)),
    throttled429: summary.throttled429,
    written: summary.written,
    doubleWrites: summary.doubleWrites,
    skipped: summary.skipped,
    outcomes: run.outcomes,
    killed,
    cpuMsPerUser: Number((workers.cpuMs / users).toFixed(2)),
    simulatorCpuMsPerUser: Number((summary.cpuMs / users).toFixed(2)),
    peakRssMb: workers.peakRssMb,
  };
  say(
    `applied in ${result.applySeconds} s: ${result.usersPerMinute} users/min, ratio ${result.ratio}, ` +
      `steady ${result.steadyRatio}, ${result.throttled429} 429s, ${result.doubleWrites} double writes, ${result.skipped} skipped`,
  );
  console.log(JSON.stringify(result));
  await workers.stop();
  await runtime.close();
  sim.send({ type: 'stop' });
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
