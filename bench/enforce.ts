/**
 * `npm run bench:enforce -- --users 50000 [--mode ca-group|per-user] [--window-seconds 150]
 * [--kill-at 0.3] --json`: a wave of ready users enforced against the Graph simulator with its
 * identity write limit on (3,000 writes per window; a shorter window scales the run down), by a
 * worker process that is SIGKILLed at the given share of the plan and replaced. Prints the pace
 * (users per minute, writes per window against the limit), 429s, CPU per user, peak RSS, and
 * checks that nobody was enforced twice or skipped. The last line is one JSON object.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { confirmEnforcement } from '../src/app/confirm-enforcement';
import { previewEnforcement } from '../src/app/preview-enforcement';
import { loadConfig } from '../src/config';
import { GENERATED_GROUP_ID, generatedUserId, generateTenant } from '../src/dev/graph-sim';
import { createLogger } from '../src/logger';
import type { EnforcementPlan } from '../src/rollout/enforcement-plan';
import { newWaveUser } from '../src/rollout/user-state';
import { createRuntime, type Runtime } from '../src/runtime';
import type { EnforceGraphRequest, EnforceGraphSummary } from './enforce-graph';
import { benchRedis, childExecArgv } from './support';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50000' },
    mode: { type: 'string', default: 'ca-group' },
    'window-seconds': { type: 'string', default: '150' },
    'kill-at': { type: 'string', default: '0.3' },
    json: { type: 'boolean', default: false },
  },
});
const users = Number(values.users);
const mode = values.mode === 'per-user' ? 'per-user' : 'ca-group';
const windowSeconds = Number(values['window-seconds']);
const killAt = Number(values['kill-at']);
const CA_GROUP = '9a0e1b2c-4444-4444-8444-0000000000ca';
const LIMIT = 3000;
const say = (line: string) => (values.json ? console.error(line) : console.log(line));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function forkChild(file: string, args: string[], env?: NodeJS.ProcessEnv): ChildProcess {
  return fork(join(__dirname, file), args, {
    execArgv: childExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(env ? { env } : {}),
  });
}

function reply<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string } & T) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
  });
}

/** Every user walked to ready through the state machine (card sent, number confirmed, marked ready). */
async function seedReadyWave(runtime: Runtime, waveId: string): Promise<void> {
  const { repo } = runtime.deps;
  const now = new Date();
  await repo.saveWave({
    id: waveId,
    name: 'bench',
    source: { kind: 'group', groupId: GENERATED_GROUP_ID },
    status: 'active',
    createdBy: { id: 'bench', name: 'bench' },
    createdAt: now.toISOString(),
    deadline: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
    total: users,
  });
  const tenant = generateTenant(users, { phoneShare: 1, malformedShare: 0, authenticatorShare: 0 });
  const records = tenant.users.map((user) => ({
    ...newWaveUser(waveId, user, now),
    phoneMasked: '+45 •• •• •5 67',
  }));
  for (let start = 0; start < records.length; start += 5000)
    await repo.addUsers(waveId, records.slice(start, start + 5000));
  const walk = async (id: string) => {
    await repo.apply(
      waveId,
      id,
      { type: 'card-sent', activityId: 'a', conversationId: 'c', cardId: 'k' },
      'bench',
    );
    await repo.apply(waveId, id, { type: 'phone-confirmed' }, 'bench');
    await repo.apply(waveId, id, { type: 'marked-ready', strongMethod: false }, 'bench');
  };
  for (let start = 0; start < users; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, users - start) }, (_, i) => walk(generatedUserId(start + i))),
    );
  }
}

async function main(): Promise<void> {
  const redis = await benchRedis();
  const graphRequest: EnforceGraphRequest = { users, windowMs: windowSeconds * 1000, groupId: CA_GROUP };
  const graph = forkChild('enforce-graph.ts', [JSON.stringify(graphRequest)]);
  const { graphUrl } = await reply<{ graphUrl: string }>(graph, 'ready');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: redis.url,
    REDIS_PREFIX: `bench-enforce-${Date.now().toString(36)}`,
    GRAPH_BASE_URL: graphUrl,
    ENFORCEMENT_MODE: mode,
    ENFORCEMENT_GROUP_ID: mode === 'ca-group' ? CA_GROUP : '',
    ENFORCE_APPROVAL_THRESHOLD: String(users),
    GRAPH_IDENTITY_WRITE_WINDOW_SECONDS: String(windowSeconds),
    JOB_LOCK_SECONDS: '5',
  };
  const runtime = createRuntime(loadConfig(env), createLogger('silent'), redis.url);
  say(`seeding ${users} ready users`);
  await seedReadyWave(runtime, 'bench-wave');
  let started = Date.now();
  const preview = await previewEnforcement(runtime.deps, 'bench-wave', { id: 'bench', name: 'bench' });
  if (!preview.ok) throw new Error(`preview refused: ${preview.reason}`);
  const previewSeconds = (Date.now() - started) / 1000;
  say(
    `preview: ${preview.plan.toEnforce.length} to enforce, ${preview.plan.held.length} held (${previewSeconds.toFixed(1)} s)`,
  );

  const usage = new Map<number, { cpuMs: number; peakRss: number }>();
  const startWorker = () => {
    const child = forkChild('enforce-worker.ts', [], { ...process.env, ...env });
    child.on('message', (message: { type: string; cpuMs: number; peakRss: number }) => {
      if (message.type === 'usage' && child.pid) usage.set(child.pid, message);
    });
    return child;
  };
  started = Date.now();
  const confirmed = await confirmEnforcement(
    runtime.deps,
    preview.plan.id,
    { id: 'bench', name: 'bench' },
    {
      isAdmin: async () => true,
    },
  );
  if (confirmed.status !== 'started') throw new Error(`not started: ${JSON.stringify(confirmed)}`);
  let worker = startWorker();
  let killed = false;
  let plan: EnforcementPlan | undefined;
  for (;;) {
    await sleep(200);
    plan = await runtime.deps.enforcement.get(preview.plan.id);
    const settled = Object.values(plan?.results ?? {}).reduce((sum, n) => sum + n, 0);
    if (!killed && killAt > 0 && settled >= killAt * users) {
      worker.kill('SIGKILL');
      await new Promise((resolve) => worker.once('exit', resolve));
      killed = true;
      say(`worker SIGKILLed with ${settled} users settled; a new one resumes`);
      worker = startWorker();
    }
    if (plan?.status === 'done') break;
  }
  const enforceSeconds = (Date.now() - started) / 1000;
  await sleep(300);
  const cpuMs = [...usage.values()].reduce((sum, u) => sum + u.cpuMs, 0);
  const peakRssMb = Math.round(Math.max(...[...usage.values()].map((u) => u.peakRss)) / 1024 / 1024);
  worker.kill('SIGTERM');
  graph.send({ type: 'summary' });
  const { summary } = await reply<{ summary: EnforceGraphSummary }>(graph, 'summary');
  const audit = await runtime.deps.audit.read({ waveId: 'bench-wave' }, users * 3);
  const enforcedEntries = audit.filter((entry) => entry.action === 'enforced').map((entry) => entry.userId);
  const distinctEnforced = new Set(enforcedEntries).size;
  const written = mode === 'ca-group' ? summary.groupMembers : summary.perUserEnforced;
  const writesPerSecond = summary.writesAdmitted / enforceSeconds;
  const result = {
    users,
    mode,
    windowSeconds,
    killedMidRun: killed,
    previewSeconds: Number(previewSeconds.toFixed(1)),
    enforceSeconds: Number(enforceSeconds.toFixed(1)),
    usersPerMinute: Math.round((users / enforceSeconds) * 60),
    identityWrites: summary.writesAdmitted,
    writesPerWindow: Math.round(writesPerSecond * windowSeconds),
    ratioToLimit: Number((writesPerSecond / (LIMIT / windowSeconds)).toFixed(3)),
    throttled429: summary.writes429,
    workerCpuMsPerUser: Number((cpuMs / users).toFixed(3)),
    workerPeakRssMb: peakRssMb,
    results: plan?.results,
    doubleEnforced:
      enforcedEntries.length - distinctEnforced + (summary.groupMembers - summary.distinctGroupMembers),
    skipped: users - distinctEnforced,
    writtenInGraph: written,
  };
  say(
    `enforced ${distinctEnforced}/${users} in ${result.enforceSeconds} s (${result.usersPerMinute} users/min), ` +
      `${summary.writesAdmitted} writes, ${result.ratioToLimit} of the limit, ${summary.writes429} 429s`,
  );
  console.log(JSON.stringify(result));
  await runtime.close();
  graph.send({ type: 'stop' });
  await redis.stop();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
