/**
 * One enforcement worker process for bench/enforce.ts (it may be killed with SIGKILL mid-plan):
 * the runtime with only the enforce queue's worker, reporting its CPU and peak RSS over IPC.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startEnforceWorker } from '../src/queue/enforce-worker';
import { createRuntime } from '../src/runtime';
import { createRedis } from '../src/store/redis-connection';

const config = loadConfig();
const runtime = createRuntime(config, createLogger('silent'), config.REDIS_URL as string);
const blocking = createRedis(config.REDIS_URL as string, 'blocking');
startEnforceWorker(runtime.deps, blocking, `${config.REDIS_PREFIX}-bull`);
let peakRss = 0;
setInterval(() => {
  const { user, system } = process.cpuUsage();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  process.send?.({ type: 'usage', cpuMs: Math.round((user + system) / 1000), peakRss });
}, 250);
