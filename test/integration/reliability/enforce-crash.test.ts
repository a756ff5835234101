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
import type { EnforcementPlan } from '../../../src/rollout/enforcement-plan';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { seedWave } from '../../support/enforcement';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';
import { eventually } from '../../support/stack';

const CA_GROUP = '9a0e1b2c-3333-4333-8333-0000000000ca';
const TENANT_ID = '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b';
const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * A worker process (`npm run worker`'s entry point) killed with SIGKILL in the middle of an
 * enforcement, with writes already made but not yet recorded; another worker resumes the plan.
 * Writes are paced (the identity write pacer) so the kill lands mid-plan.
 */
describe('enforcement: a worker killed mid-plan (SIGKILL) and another resuming it', () => {
  let graph: GraphSimulator;
  let control: Runtime | undefined;
  let prefix = '';
  const workers: ChildProcess[] = [];

  function env(mode: 'ca-group' | 'per-user', users: number, writesPerWindow: number): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      GRAPH_BASE_URL: graph.url,
      TENANT_ID,
      ENFORCEMENT_MODE: mode,
      ENFORCEMENT_GROUP_ID: mode === 'ca-group' ? CA_GROUP : '',
      ENFORCE_APPROVAL_THRESHOLD: String(users),
      GRAPH_IDENTITY_WRITES_PER_WINDOW: String(writesPerWindow),
      GRAPH_IDENTITY_WRITE_WINDOW_SECONDS: '2',
      JOB_LOCK_SECONDS: '3',
    };
  }

  function startWorker(workerEnv: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
      cwd: repoRoot,
      env: workerEnv,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  }

  /** A wave of `users` ready users, previewed and confirmed; a worker starts on it, dies, another finishes. */
  async function crashAndResume(
    mode: 'ca-group' | 'per-user',
    users: number,
    writesPerWindow: number,
    written: () => number,
    killAfter: number,
  ): Promise<EnforcementPlan> {
    prefix = randomPrefix('enforce-crash');
    const workerEnv = env(mode, users, writesPerWindow);
    control = createRuntime(loadConfig(workerEnv), createLogger('silent'), testRedisUrl());
    const ids = Array.from({ length: users }, (_, i) => generatedUserId(i));
    await seedWave({ runtime: control, graph }, `w-${mode}`, {
      groupId: GENERATED_GROUP_ID,
      phoneReady: ids,
    });
    const preview = await previewEnforcement(control.deps, `w-${mode}`, { id: 'ops', name: 'ops' });
    assert.ok(preview.ok);
    assert.equal(preview.plan.toEnforce.length, users);
    const started = await confirmEnforcement(
      control.deps,
      preview.plan.id,
      { id: 'ops', name: 'ops' },
      { isAdmin: async () => true },
    );
    assert.deepEqual(started, { status: 'started' });

    const first = startWorker(workerEnv);
    // Killed with writes in Graph that the job has not recorded yet (mid-chunk).
    await eventually(() => written() >= killAfter, 60_000, 'first writes');
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    assert.ok(written() < users, 'the crash happened mid-plan');

    startWorker(workerEnv);
    const done = await eventually(
      async () => {
        const plan = await control!.deps.enforcement.get(preview.plan.id);
        return plan?.status === 'done' && plan;
      },
      120_000,
      'plan done after the restart',
    );
    assert.deepEqual(done.results, {
      enforced: users,
      alreadyEnforced: 0,
      reportOnly: 0,
      failed: 0,
      changed: 0,
    });
    assert.equal((await control.deps.repo.countByStatus(`w-${mode}`)).enforced, users);
    const enforcedEntries = (await control.deps.audit.read({ waveId: `w-${mode}` }, 100_000)).filter(
      (entry) => entry.action === 'enforced',
    );
    assert.equal(enforcedEntries.length, users, 'no user enforced twice');
    assert.equal(new Set(enforcedEntries.map((entry) => entry.userId)).size, users, 'none skipped');
    return done;
  }

  before(async () => {
    graph = await startGraphSimulator({
      tenant: generateTenant(1200, { phoneShare: 1, malformedShare: 0, authenticatorShare: 0 }),
      registrationDetailsLimit: false,
    });
    graph.state.addGroup({ id: CA_GROUP, displayName: 'MFA Enforced (CA)', members: [] });
  });

  async function cleanUp() {
    for (const child of workers) if (child.exitCode === null) child.kill('SIGKILL');
    await control?.close();
    control = undefined;
    const redis = new Redis(testRedisUrl());
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }

  after(async () => {
    await cleanUp();
    await graph.close();
  });

  it('mode ca-group: every planned user added once, none skipped, nothing written twice', async () => {
    const USERS = 1200;
    await crashAndResume('ca-group', USERS, 20, () => graph.state.directMemberIds(CA_GROUP).length, 100);
    const members = graph.state.directMemberIds(CA_GROUP);
    assert.equal(members.length, USERS);
    assert.equal(new Set(members).size, USERS, 'each user in the group once');
    // The resumed run found the crashed run's adds in the group and wrote only the others, so no
    // bulk add met an existing member and none went one by one.
    assert.equal(graph.requests.matching(new RegExp(`/groups/${CA_GROUP}$`), 400).length, 0);
    assert.equal(graph.requests.matching(new RegExp(`/groups/${CA_GROUP}/members/\\$ref$`)).length, 0);
    assert.equal(graph.requests.matching(new RegExp(`/groups/${CA_GROUP}$`), 204).length, USERS / 20);
    await cleanUp();
  });

  it('mode per-user: every planned user enforced once, none skipped, nothing written twice', async () => {
    const USERS = 300;
    const enforcedInGraph = () =>
      Array.from({ length: USERS }, (_, i) => graph.state.perUserMfaState(generatedUserId(i))).filter(
        (state) => state === 'enforced',
      ).length;
    graph.requests.clear();
    await crashAndResume('per-user', USERS, 40, enforcedInGraph, 60);
    assert.equal(enforcedInGraph(), USERS);
    const patches = graph.requests
      .matching(/\/authentication\/requirements$/)
      .filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, USERS, 'one PATCH per user, none repeated after the crash');
  });
});
