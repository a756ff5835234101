import { parseArgs } from 'node:util';
import { startWave } from '../src/app/start-wave';
import { loadConfig } from '../src/config';
import { GENERATED_GROUP_ID } from '../src/dev/graph-sim';
import { createLogger } from '../src/logger';
import { startWavePlanWorker } from '../src/queue/wave-plan-worker';
import { createRuntime } from '../src/runtime';
import { createRedis } from '../src/store/redis-connection';
import { benchRedis, startSimulators } from './support';

const { values } = parseArgs({
  options: { users: { type: 'string', default: '100000' }, json: { type: 'boolean', default: false } },
});
const users = Number(values.users);
const say = (line: string) => (values.json ? console.error(line) : console.log(line));

async function main(): Promise<void> {
  const redis = await benchRedis();
  const redisUrl = redis.url;
  const ready = await startSimulators({ users, limit: 50, faultShare: 0 });
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
  const jobs = await runtime.queues.outreach.getJobCounts('waiting', 'prioritized', 'delayed');
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
  await ready.stop();
  await redis.stop();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
