import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { confirmEnforcement } from '../../../src/app/confirm-enforcement';
import { previewEnforcement } from '../../../src/app/preview-enforcement';
import { loadConfig } from '../../../src/config';
import {
  GENERATED_GROUP_ID,
  type GraphSimulator,
  generatedUserId,
  generateTenant,
  startGraphSimulator,
} from '../../../src/dev/graph-sim';
import { createLogger } from '../../../src/logger';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { seedWave } from '../../support/enforcement';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';
import { eventually } from '../../support/stack';

const USERS = 1200;
const CA_GROUP = '9a0e1b2c-3333-4333-8333-0000000000ca';
const TENANT_ID = '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b';
const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * A worker process (`npm run worker`'s entry point) killed with SIGKILL in the middle of an
 * enforcement, with group adds already written but not yet recorded; another worker resumes the plan.
 * Writes are paced to 10 per second (the identity write pacer) so the kill lands mid-plan.
 */
describe('enforcement: a worker killed mid-plan (SIGKILL) and another resuming it', () => {
  let graph: GraphSimulator;
  let control: Runtime;
  const prefix = randomPrefix('enforce-crash');
  const workers: ChildProcess[] = [];

  function env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      GRAPH_BASE_URL: graph.url,
      TENANT_ID,
      ENFORCEMENT_GROUP_ID: CA_GROUP,
      ENFORCE_APPROVAL_THRESHOLD: String(USERS),
      GRAPH_IDENTITY_WRITES_PER_WINDOW: '20',
      GRAPH_IDENTITY_WRITE_WINDOW_SECONDS: '2',
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

  before(async () => {
    graph = await startGraphSimulator({
      tenant: generateTenant(USERS, { phoneShare: 1, malformedShare: 0, authenticatorShare: 0 }),
      registrationDetailsLimit: false,
    });
    graph.state.addGroup({ id: CA_GROUP, displayName: 'MFA Enforced (CA)', members: [] });
    control = createRuntime(loadConfig(env()), createLogger('silent'), testRedisUrl());
  });

  after(async () => {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
    await control.close();
    const redis = new Redis(testRedisUrl());
    await deleteKeys(redis, prefix);
    redis.disconnect();
    await graph.close();
  });

  it('enforces every planned user exactly once, none skipped', async () => {
    const ids = Array.from({ length: USERS }, (_, i) => generatedUserId(i));
    await seedWave({ runtime: control, graph }, 'w-crash', { groupId: GENERATED_GROUP_ID, phoneReady: ids });
    const preview = await previewEnforcement(control.deps, 'w-crash', { id: 'ops', name: 'ops' });
    assert.ok(preview.ok);
    assert.equal(preview.plan.toEnforce.length, USERS);
    const started = await confirmEnforcement(
      control.deps,
      preview.plan.id,
      { id: 'ops', name: 'ops' },
      {
        isAdmin: async () => true,
      },
    );
    assert.deepEqual(started, { status: 'started' });

    const first = startWorker();
    // Killed with adds in the CA group that the job has not recorded yet (mid-chunk).
    await eventually(() => graph.state.directMemberIds(CA_GROUP).length >= 100, 60_000, 'first writes');
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    const writtenBeforeCrash = graph.state.directMemberIds(CA_GROUP).length;
    assert.ok(writtenBeforeCrash < USERS, 'the crash happened mid-plan');

    startWorker();
    const done = await eventually(
      async () => {
        const plan = await control.deps.enforcement.get(preview.plan.id);
        return plan?.status === 'done' && plan;
      },
      120_000,
      'plan done after the restart',
    );
    assert.deepEqual(done.results, {
      enforced: USERS,
      alreadyEnforced: 0,
      reportOnly: 0,
      failed: 0,
      changed: 0,
    });
    const members = graph.state.directMemberIds(CA_GROUP);
    assert.equal(members.length, USERS);
    assert.equal(new Set(members).size, USERS, 'each user in the group once');
    assert.equal((await control.deps.repo.countByStatus('w-crash')).enforced, USERS);
    const enforcedEntries = (await control.deps.audit.read({ waveId: 'w-crash' }, 100_000)).filter(
      (entry) => entry.action === 'enforced',
    );
    assert.equal(enforcedEntries.length, USERS, 'no user enforced twice');
    assert.equal(new Set(enforcedEntries.map((entry) => entry.userId)).size, USERS, 'none skipped');
    // No user was written twice: the resumed run found the crashed run's adds in the group and
    // wrote only the others, so no bulk add met an existing member and none went one by one.
    assert.equal(graph.requests.matching(new RegExp(`/groups/${CA_GROUP}$`), 400).length, 0);
    assert.equal(graph.requests.matching(new RegExp(`/groups/${CA_GROUP}/members/\\$ref$`)).length, 0);
    assert.equal(graph.requests.matching(new RegExp(`/groups/${CA_GROUP}$`), 204).length, USERS / 20);
  });
});
