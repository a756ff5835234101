/**
 * Fan-out benchmark: the real pipeline (private redis-server, BullMQ, the Graph simulator behind the
 * real Graph client, the connector simulator enforcing Teams' limits behind the real CloudAdapter)
 * sends one wave's awareness cards, and the same wave is sent by a naive loop for comparison.
 *
 *   npm run bench:fanout -- --users 10000 --json
 *   npm run bench:fanout -- --users 100000 --limit 1000 --no-naive
 *   npm run bench:fanout -- --users 2000 --faults 0.1
 *
 * Prints figures as it goes and, last, one JSON line. Numbers, never pass/fail: see docs/BENCHMARKS.md.
 */

import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { GENERATED_GROUP_ID, generatedUserId } from '../src/dev/graph-sim';
import { createLogger } from '../src/logger';
import { startWave } from '../src/queue/wave-plan';
import { createRuntime } from '../src/runtime';
import { createCloudAdapter } from '../src/teams/adapter';
import { createPersonalConversation, sendToConversation } from '../src/teams/messenger';
import { benchRedis, startSimulators } from './support';

const TENANT_ID = '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    limit: { type: 'string', default: '50' },
    rate: { type: 'string' },
    faults: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    'no-naive': { type: 'boolean', default: false },
  },
});
const users = Number(values.users);
const limit = Number(values.limit);
const rate = values.rate ? Number(values.rate) : Math.floor(limit * 0.97 * 10) / 10;
const faultShare = Number(values.faults);

function say(line: string): void {
  if (!values.json) console.log(line);
  else console.error(line);
}

async function pipelineRun(redisUrl: string) {
  const sims = await startSimulators({ users, limit, faultShare });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench-${Date.now().toString(36)}`,
    GRAPH_BASE_URL: sims.graphUrl,
    TEAMS_SERVICE_URL: sims.connectorUrl,
    TENANT_ID,
    TEAMS_APP_ID: 'a4b1c2d3-0000-4000-8000-00000000beef',
    OUTREACH_RATE_PER_SECOND: String(rate),
  });
  const runtime = createRuntime(config, createLogger('silent'), redisUrl);
  runtime.startWorkers();
  const cpuStart = process.cpuUsage();
  let peakRss = process.memoryUsage().rss;
  const started = Date.now();
  const wave = await startWave(runtime.deps, {
    groupId: GENERATED_GROUP_ID,
    name: 'bench',
    createdBy: { id: 'bench', name: 'bench' },
  });
  let lastReport = 0;
  let expandSeconds: number | undefined;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const current = await runtime.deps.repo.getWave(wave.id);
    if (expandSeconds === undefined && current?.status === 'active')
      expandSeconds = (Date.now() - started) / 1000;
    const counts = await runtime.deps.repo.countByStatus(wave.id);
    const settled = counts.notified + counts['no-phone'] + counts.unreachable + counts.excluded;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      say(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${settled}/${users} settled`);
    }
    if (current?.status === 'active' && counts.targeted === 0 && settled === current.total) break;
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const counts = await runtime.deps.repo.countByStatus(wave.id);
  const { withCard, duplicates, stats } = await sims.summary();
  const cards = stats.acceptedByOperation.sendToConversation ?? 0;
  const result = {
    users,
    seconds: Number(seconds.toFixed(1)),
    expandSeconds: Number((expandSeconds ?? seconds).toFixed(1)),
    sentPerSecond: Number((cards / seconds).toFixed(1)),
    requestsPerSecond: Number((stats.accepted / seconds).toFixed(1)),
    limitPerSecond: limit,
    ratio: Number((stats.accepted / seconds / limit).toFixed(3)),
    duplicates,
    lost: users - withCard - counts.unreachable - counts.excluded,
    unreachable: counts.unreachable,
    throttled429: stats.throttled429,
    throttledShare: Number((stats.throttled429 / Math.max(1, stats.requests)).toFixed(4)),
    injectedFaults: faultShare,
    rejectedByReason: stats.rejectedByReason,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    cpuMsPerMessage: Number(((cpu.user + cpu.system) / 1000 / Math.max(1, cards)).toFixed(2)),
  };
  await runtime.close();
  await sims.stop();
  return result;
}

/** What a hand-written loop does: create the chat and send, one user after another, no pacing, no retry. */
async function naiveRun() {
  const sims = await startSimulators({ users, limit, faultShare });
  const adapter = createCloudAdapter(
    { BOT_ID: '', BOT_PASSWORD: '', BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: '' },
    createLogger('silent'),
    { requestTimeoutMs: 2000 },
  );
  const started = Date.now();
  let delivered = 0;
  for (let i = 0; i < users; i++) {
    try {
      const reference = await createPersonalConversation(adapter, {
        botId: '',
        serviceUrl: sims.connectorUrl,
        tenantId: TENANT_ID,
        userAadObjectId: generatedUserId(i),
      });
      await sendToConversation(adapter, '', reference, { type: 'message', text: 'MFA is coming' });
      delivered += 1;
    } catch {
      // The naive loop has no retry: whoever hit a 429 or a fault never gets the message.
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const { stats } = await sims.summary();
  const result = {
    seconds: Number(seconds.toFixed(1)),
    delivered,
    lost: users - delivered,
    throttled429: stats.throttled429,
    ratio: Number((stats.accepted / seconds / limit).toFixed(3)),
  };
  await sims.stop();
  return result;
}

async function main(): Promise<void> {
  const redis = await benchRedis();
  const redisUrl = redis.url;
  try {
    say(
      `fan-out: ${users} users, Teams limit ${limit} req/s, pipeline rate ${rate} req/s, faults ${faultShare}`,
    );
    const pipeline = await pipelineRun(redisUrl);
    say(
      `pipeline: ${pipeline.seconds} s, ${pipeline.sentPerSecond} cards/s, ${pipeline.requestsPerSecond} req/s ` +
        `(ratio ${pipeline.ratio}), duplicates ${pipeline.duplicates}, lost ${pipeline.lost}, 429s ${pipeline.throttled429}`,
    );
    const naive = values['no-naive'] ? undefined : await naiveRun();
    if (naive) {
      say(
        `naive loop: ${naive.seconds} s, delivered ${naive.delivered}, lost ${naive.lost}, 429s ${naive.throttled429}`,
      );
    }
    console.log(
      JSON.stringify({
        ...pipeline,
        naiveRatio: naive?.ratio,
        naiveLost: naive?.lost,
        naiveThrottled429: naive?.throttled429,
      }),
    );
  } finally {
    await redis.stop();
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
