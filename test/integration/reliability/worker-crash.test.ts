import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { startWave } from '../../../src/app/start-wave';
import { loadConfig } from '../../../src/config';
import { type ConnectorSimulator, startConnectorSimulator } from '../../../src/dev/connector-sim';
import {
  GENERATED_GROUP_ID,
  type GraphSimulator,
  generatedUserId,
  generateTenant,
  startGraphSimulator,
} from '../../../src/dev/graph-sim';
import { createLogger } from '../../../src/logger';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';
import { eventually } from '../../support/stack';

const USERS = 40;
const TENANT_ID = '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b';
const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * Real worker processes (`npm run worker`'s entry point) on one Redis, killed with SIGKILL: nothing
 * is mocked. The wave is started the way the CLI does it, from a process without workers.
 */
describe('worker processes: crash and scale-out', () => {
  let graph: GraphSimulator;
  let connector: ConnectorSimulator;
  let workers: ChildProcess[] = [];
  let prefix: string;
  let control: Runtime;

  function env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      GRAPH_BASE_URL: graph.url,
      TEAMS_SERVICE_URL: connector.url,
      TENANT_ID,
      TEAMS_APP_ID: 'a4b1c2d3-0000-4000-8000-00000000beef',
      OUTREACH_RATE_PER_SECOND: '20',
      JOB_LOCK_SECONDS: '3',
    };
  }

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: repoRoot,
      env: env(),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  }

  function cardsPerUser(): number[] {
    return Array.from({ length: USERS }, (_, i) => {
      const conversationId = connector.transcript.conversationIdFor(generatedUserId(i));
      return conversationId ? (connector.transcript.conversation(conversationId)?.activityCount ?? 0) : 0;
    });
  }

  async function startPilot(): Promise<string> {
    prefix = randomPrefix('crash');
    control = createRuntime(loadConfig(env()), createLogger('silent'), testRedisUrl());
    const wave = await startWave(control.deps, {
      groupId: GENERATED_GROUP_ID,
      name: 'crash',
      createdBy: { id: 't', name: 't' },
    });
    return wave.id;
  }

  async function settled(waveId: string): Promise<boolean> {
    const counts = await control.deps.repo.countByStatus(waveId);
    const wave = await control.deps.repo.getWave(waveId);
    return wave?.status === 'active' && counts.targeted === 0;
  }

  before(async () => {
    graph = await startGraphSimulator({
      tenant: generateTenant(USERS, { phoneShare: 1, malformedShare: 0 }),
      registrationDetailsLimit: false,
    });
  });

  afterEach(async () => {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
    workers = [];
    await control?.close();
    const redis = new Redis(testRedisUrl());
    await deleteKeys(redis, prefix);
    redis.disconnect();
    await connector?.close();
  });

  after(() => graph.close());

  it('a worker killed mid-send leaves no duplicate and no missing card after another takes over', async () => {
    connector = await startConnectorSimulator();
    const waveId = await startPilot();
    const first = startWorker();
    await eventually(() => cardsPerUser().filter((n) => n > 0).length >= 10, 60_000, 'first cards');
    // The next sends hang at the connector (never delivered), so the worker dies with jobs in flight.
    connector.faults.timeoutNext({
      mode: 'hold',
      deliver: false,
      times: 3,
      match: { operation: 'sendToConversation' },
    });
    // Killed while sends are held at the connector, i.e. with jobs in flight.
    await eventually(() => connector.stats.timeouts >= 2, 30_000, 'sends in flight');
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    const sentBeforeCrash = cardsPerUser().filter((n) => n > 0).length;
    assert.ok(sentBeforeCrash < USERS, 'the crash happened mid-wave');

    startWorker();
    await eventually(() => settled(waveId), 90_000, 'wave settled after restart');
    const cards = cardsPerUser();
    assert.deepEqual(
      cards.map((n, i) => (n === 1 ? undefined : `${generatedUserId(i)}: ${n}`)).filter(Boolean),
      [],
      'every user has exactly one card',
    );
    assert.equal((await control.deps.repo.countByStatus(waveId)).notified, USERS);
  });

  it('two worker processes on one Redis share the wave without sending anyone two cards', async () => {
    connector = await startConnectorSimulator();
    const waveId = await startPilot();
    startWorker();
    startWorker();
    await eventually(() => settled(waveId), 90_000, 'wave settled');
    assert.deepEqual(
      cardsPerUser().filter((n) => n !== 1),
      [],
      'every user has exactly one card',
    );
    assert.equal(
      connector.transcript.violations.length,
      0,
      'never two requests in flight to one conversation',
    );
  });
});
