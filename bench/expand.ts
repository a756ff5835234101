/**
 * Expansion benchmark: how long a wave of --users takes to become outreach jobs (group pages of 999
 * through the real Graph client, phones in $batch of 20, users inserted in Redis, jobs added in
 * bulk), and the memory it needs. No card is sent: the outreach worker is not started.
 *
 *   npm run bench:expand -- --users 100000 --json
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { GENERATED_GROUP_ID } from '../src/dev/graph-sim';
import { launchRedis } from '../src/dev/redis-launcher';
import { createLogger } from '../src/logger';
import { startWave, startWavePlanWorker } from '../src/queue/wave-plan';
import { createRuntime } from '../src/runtime';
import { createRedis } from '../src/store/redis-connection';

const { values } = parseArgs({
  options: { users: { type: 'string', default: '100000' }, json: { type: 'boolean', default: false } },
});
const users = Number(values.users);
const say = (line: string) => (values.json ? console.error(line) : console.log(line));

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mfa-bench-redis-'));
  const redis = process.env.REDIS_URL ? undefined : await launchRedis({ dataDir, persistent: false });
  const redisUrl = process.env.REDIS_URL ?? redis!.url;
  // The Graph simulator in a process of its own, as Graph is remote (see bench/simulators.ts).
  const sims = fork(join(__dirname, 'simulators.ts'), [JSON.stringify({ users, limit: 50, faultShare: 0 })], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ graphUrl: string; connectorUrl: string }>((resolve) =>
    sims.on('message', (message: { type: string; graphUrl: string; connectorUrl: string }) => {
      if (message.type === 'ready') resolve(message);
    }),
  );
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench-expand-${Date.now().toString(36)}`,
    GRAPH_BASE_URL: ready.graphUrl,
    TEAMS_SERVICE_URL: ready.connectorUrl,
  });
  const runtime = createRuntime(config, createLogger('silent'), redisUrl);
  const blocking = createRedis(redisUrl, 'blocking');
  const planner = startWavePlanWorker(runtime.deps, blocking, `${config.REDIS_PREFIX}-bull`);
  say(`expansion: ${users} users`);
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const cpuStart = process.cpuUsage();
  const started = Date.now();
  const wave = await startWave(runtime.deps, {
    groupId: GENERATED_GROUP_ID,
    createdBy: { id: 'bench', name: 'bench' },
  });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if ((await runtime.deps.repo.getWave(wave.id))?.status === 'active') break;
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const counts = await runtime.deps.repo.countByStatus(wave.id);
  const jobs = await runtime.deps.queues.outreach.getJobCounts('waiting', 'prioritized', 'delayed');
  const queued = (jobs.waiting ?? 0) + (jobs.prioritized ?? 0) + (jobs.delayed ?? 0);
  const inWave = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const result = {
    users,
    expandSeconds: Number(seconds.toFixed(1)),
    usersPerSecond: Math.round(users / seconds),
    inWave,
    outreachJobs: queued,
    excluded: counts.excluded,
    missing: users - inWave,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    rssGrowthMb: Math.round((peakRss - baseRss) / 1024 / 1024),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
  };
  say(
    `expanded in ${result.expandSeconds} s (${result.usersPerSecond} users/s), ${inWave} in the wave, ${queued} jobs`,
  );
  console.log(JSON.stringify(result));
  await planner.close();
  await runtime.close();
  blocking.disconnect();
  sims.send({ type: 'stop' });
  await new Promise((resolve) => sims.once('exit', resolve));
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
