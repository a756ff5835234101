/**
 * Fan-out benchmark: the real pipeline (private redis-server, BullMQ, the Graph simulator behind the
 * real Graph client, the connector simulator enforcing Teams' limits behind the real CloudAdapter)
 * sends one wave's awareness cards, and the same wave is sent by a naive loop for comparison.
 *
 *   npm run bench:fanout -- --users 10000 --json
 *   npm run bench:fanout -- --users 100000 --limit 1000 --no-naive
 *   npm run bench:fanout -- --users 2000 --faults 0.1
 *   npm run bench:fanout -- --users 100000 --limit 1000 --returning --workers 2 --no-naive
 *
 * --workers N runs the queue workers in N processes of their own (`npm run worker`, as in
 * production) instead of the benchmark's process; --returning gives every user a stored 1:1 chat
 * (a later wave: one request per card instead of the first contact's install + create + send).
 *
 * Prints figures as it goes and, last, one JSON line. Numbers, never pass/fail: see docs/BENCHMARKS.md.
 */

import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ConversationParameters, type ConversationReference, TurnContext } from 'botbuilder';
import { Redis } from 'ioredis';
import { startWave } from '../src/app/start-wave';
import { loadConfig } from '../src/config';
import { personalConversationId } from '../src/dev/connector-sim';
import { GENERATED_GROUP_ID, generatedUserId } from '../src/dev/graph-sim';
import { createLogger } from '../src/logger';
import { createRuntime } from '../src/runtime';
import { createCloudAdapter } from '../src/teams/adapter';
import { benchRedis, childExecArgv, startSimulators } from './support';

const TENANT_ID = '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    limit: { type: 'string', default: '50' },
    rate: { type: 'string' },
    faults: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    'no-naive': { type: 'boolean', default: false },
    workers: { type: 'string', default: '0' },
    returning: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
  },
});
const users = Number(values.users);
const limit = Number(values.limit);
const rate = values.rate ? Number(values.rate) : Math.floor(limit * 0.97 * 10) / 10;
const faultShare = Number(values.faults);
const workerProcesses = Number(values.workers);
const BOT_ID = '';

function say(line: string): void {
  if (!values.json) console.log(line);
  else console.error(line);
}

/** CPU a process used so far (ms, user + system), from /proc: for worker processes the benchmark forked. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return (value('used_cpu_user') + value('used_cpu_sys')) * 1000;
}

/** Every user already talked to the bot: their chat is stored, as after an earlier wave. */
async function seedConversations(runtime: ReturnType<typeof createRuntime>, serviceUrl: string) {
  for (let start = 0; start < users; start += 1000) {
    const writes = [];
    for (let i = start; i < Math.min(users, start + 1000); i++) {
      const userId = generatedUserId(i);
      writes.push(
        runtime.deps.refs.saveForUser(userId, {
          channelId: 'msteams',
          serviceUrl,
          conversation: {
            id: personalConversationId(TENANT_ID, BOT_ID, userId),
            conversationType: 'personal',
            isGroup: false,
            tenantId: TENANT_ID,
            name: '',
          },
          bot: { id: BOT_ID, name: '' },
          user: { id: userId, aadObjectId: userId, name: '' },
        }),
      );
    }
    await Promise.all(writes);
  }
}

function startWorkerProcesses(env: Record<string, string>): ChildProcess[] {
  return Array.from({ length: workerProcesses }, () =>
    fork(join(__dirname, '..', 'src', 'worker.ts'), [], {
      execArgv: childExecArgv(),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
}

/** Between two marks: users settled per second, and each process's CPU per user settled (ms). */
function steadyFigures(
  from: { at: number; settled: number; pipelineMs: number; simMs: number; redisMs: number } | undefined,
  to: typeof from,
) {
  if (!from || !to || to.at <= from.at || to.settled <= from.settled) return {};
  const settled = to.settled - from.settled;
  const each = (ms: number) => Number((ms / settled).toFixed(2));
  return {
    steadySettledPerSecond: Number((settled / ((to.at - from.at) / 1000)).toFixed(1)),
    steadyCpuMsPerMessage: each(to.pipelineMs - from.pipelineMs),
    steadySimulatorCpuMsPerMessage: each(to.simMs - from.simMs),
    steadyRedisCpuMsPerMessage: each(to.redisMs - from.redisMs),
  };
}

async function pipelineRun(redisUrl: string) {
  const sims = await startSimulators({
    users,
    limit,
    faultShare,
    returning: values.returning ? { tenantId: TENANT_ID, botId: BOT_ID } : undefined,
  });
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench-${Date.now().toString(36)}`,
    GRAPH_BASE_URL: sims.graphUrl,
    TEAMS_SERVICE_URL: sims.connectorUrl,
    TENANT_ID,
    TEAMS_APP_ID: 'a4b1c2d3-0000-4000-8000-00000000beef',
    OUTREACH_RATE_PER_SECOND: String(rate),
    ...(values.concurrency ? { OUTREACH_CONCURRENCY: values.concurrency } : {}),
  };
  const config = loadConfig(env);
  const runtime = createRuntime(config, createLogger('silent'), redisUrl);
  if (values.returning) await seedConversations(runtime, sims.connectorUrl);
  const children = workerProcesses > 0 ? startWorkerProcesses(env) : [];
  if (children.length === 0) runtime.startWorkers();
  const redisProbe = new Redis(redisUrl);
  const redisCpuStart = await redisCpuMs(redisProbe);
  const simCpuStart = (await sims.summary()).cpuMs;
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
  // Cards settled per second between 20 % and 80 % of the wave, and the CPU each process spent
  // meanwhile: the pipeline at full speed, without the start (first page read) and the tail.
  type Mark = { at: number; settled: number; pipelineMs: number; simMs: number; redisMs: number };
  const mark = async (settled: number): Promise<Mark> => {
    const cpuNow = process.cpuUsage();
    return {
      at: Date.now(),
      settled,
      pipelineMs:
        (cpuNow.user + cpuNow.system) / 1000 +
        children.reduce((sum, child) => sum + processCpuMs(child.pid as number), 0),
      simMs: await sims.cpuMs(),
      redisMs: await redisCpuMs(redisProbe),
    };
  };
  const steady: { from?: Mark; to?: Mark } = {};
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const current = await runtime.deps.repo.getWave(wave.id);
    if (expandSeconds === undefined && current?.status === 'active')
      expandSeconds = (Date.now() - started) / 1000;
    const counts = await runtime.deps.repo.countByStatus(wave.id);
    const settled = counts.notified + counts['no-phone'] + counts.unreachable + counts.excluded;
    if (!steady.from && settled >= users * 0.2) steady.from = await mark(settled);
    if (!steady.to && settled >= users * 0.8) steady.to = await mark(settled);
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      say(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${settled}/${users} settled`);
    }
    if (current?.status === 'active' && counts.targeted === 0 && settled === current.total) break;
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const workersCpuMs = children.reduce((sum, child) => sum + processCpuMs(child.pid as number), 0);
  const redisCpu = (await redisCpuMs(redisProbe)) - redisCpuStart;
  const counts = await runtime.deps.repo.countByStatus(wave.id);
  const { withCard, duplicates, stats, cpuMs: simCpuEnd } = await sims.summary();
  const cards = Math.max(1, stats.acceptedByOperation.sendToConversation ?? 0);
  const pipelineCpuMs = (cpu.user + cpu.system) / 1000 + workersCpuMs;
  const perCard = (ms: number) => Number((ms / cards).toFixed(2));
  const result = {
    users,
    returning: values.returning,
    workerProcesses,
    seconds: Number(seconds.toFixed(1)),
    expandSeconds: Number((expandSeconds ?? seconds).toFixed(1)),
    sentPerSecond: Number((cards / seconds).toFixed(1)),
    ...steadyFigures(steady.from, steady.to),
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
    cpuMsPerMessage: perCard(pipelineCpuMs),
    simulatorCpuMsPerMessage: perCard(simCpuEnd - simCpuStart),
    redisCpuMsPerMessage: perCard(redisCpu),
    cpuCoresBusy: Number(((pipelineCpuMs + simCpuEnd - simCpuStart + redisCpu) / 1000 / seconds).toFixed(2)),
  };
  for (const child of children) child.kill('SIGTERM');
  redisProbe.disconnect();
  await runtime.close();
  await sims.stop();
  return result;
}

/**
 * What a hand-written loop does: create the chat and send with botbuilder's proactive calls
 * (createConversationAsync, continueConversationAsync), one user after another, no pacing, no retry.
 */
async function naiveRun() {
  const sims = await startSimulators({ users, limit, faultShare });
  const adapter = createCloudAdapter(
    { BOT_ID: '', BOT_PASSWORD: '', BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: '' },
    createLogger('silent'),
    { requestTimeoutMs: 2000 },
  );
  // A failed send reaches the loop (which gives up on the user) instead of our apology handler.
  adapter.onTurnError = async (_context, error) => {
    throw error;
  };
  const started = Date.now();
  let delivered = 0;
  for (let i = 0; i < users; i++) {
    const parameters = {
      isGroup: false,
      bot: { id: BOT_ID, name: '' },
      members: [{ id: generatedUserId(i), name: '' }],
      tenantId: TENANT_ID,
      channelData: { tenant: { id: TENANT_ID } },
    } as ConversationParameters;
    try {
      let reference: Partial<ConversationReference> | undefined;
      await adapter.createConversationAsync(
        BOT_ID,
        'msteams',
        sims.connectorUrl,
        undefined as unknown as string,
        parameters,
        async (context) => {
          reference = TurnContext.getConversationReference(context.activity);
        },
      );
      await adapter.continueConversationAsync(BOT_ID, reference as ConversationReference, async (context) => {
        await context.sendActivity('MFA is coming');
      });
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
