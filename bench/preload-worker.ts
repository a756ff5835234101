/**
 * A worker process for bench/preload.ts: the wave-plan worker (which runs the preload apply) on the
 * benchmark's Redis, reporting its CPU and memory every half second so a SIGKILL loses little.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startWavePlanWorker } from '../src/queue/wave-plan-worker';
import { createRuntime } from '../src/runtime';
import { createRedis } from '../src/store/redis-connection';

const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const config = loadConfig(env);
const runtime = createRuntime(config, createLogger('silent'), config.REDIS_URL as string);
const blocking = createRedis(config.REDIS_URL as string, 'blocking');
startWavePlanWorker(runtime.deps, blocking, `${config.REDIS_PREFIX}-bull`);
setInterval(() => {
  const { user, system } = process.cpuUsage();
  process.send?.({
    type: 'usage',
    cpuMs: Math.round((user + system) / 1000),
    rss: process.memoryUsage().rss,
  });
}, 500);
