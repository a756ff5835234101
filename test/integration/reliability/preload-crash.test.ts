import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { applyPreload } from '../../../src/app/apply-preload';
import { getPreloadRun } from '../../../src/app/preload-run';
import { previewPreload } from '../../../src/app/preview-preload';
import { loadConfig } from '../../../src/config';
import {
  type GraphSimulator,
  generatedUserId,
  generateTenant,
  startGraphSimulator,
} from '../../../src/dev/graph-sim';
import { createLogger } from '../../../src/logger';
import { createRuntime, type Runtime } from '../../../src/runtime';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';
import { eventually } from '../../support/stack';

const USERS = 300;
const repoRoot = resolve(__dirname, '..', '..', '..');
const number = (i: number) => `+49 1511${String(i).padStart(7, '0')}`;

/**
 * A real worker process (`npm run worker`'s entry point) SIGKILLed in the middle of a phone preload
 * chunk, with writes sent and not yet recorded; another worker takes the job over. Graph's write
 * limit is scaled down (100 per 2 s) so the apply takes a few seconds.
 */
describe('phone preload: a worker killed mid-apply', () => {
  let graph: GraphSimulator;
  let control: Runtime;
  let prefix: string;
  const workers: ChildProcess[] = [];

  function env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      GRAPH_BASE_URL: graph.url,
      JOB_LOCK_SECONDS: '3',
      GRAPH_IDENTITY_WRITES_PER_WINDOW: '95',
      GRAPH_IDENTITY_WRITE_WINDOW_SECONDS: '2',
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
      tenant: generateTenant(USERS, { phoneShare: 0, malformedShare: 0, authenticatorShare: 0 }),
      registrationDetailsLimit: false,
      identityWriteLimit: { requests: 100, windowMs: 2000 },
    });
    prefix = randomPrefix('preload-crash');
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

  it('resumes with the same totals: every user written once, none skipped, none counted twice', async () => {
    const lines = [
      'id,mobile',
      ...Array.from({ length: USERS }, (_, i) => `${generatedUserId(i)},${number(i)}`),
    ];
    const preview = await previewPreload(control.deps, {
      source: { kind: 'csv', stream: Readable.from([`${lines.join('\n')}\n`]), fileName: 'bulk.csv' },
      requestedBy: { id: 'ops', name: 'ops' },
      overwrite: false,
    });
    assert.ok(preview.ok);
    assert.equal(preview.counts.add, USERS);
    const first = startWorker();
    assert.deepEqual(
      await applyPreload(control.deps, preview.preloadId, { id: 'ops', name: 'ops' }, { operator: true }),
      {
        ok: true,
      },
    );
    // The second chunk (rows 201-300) is being written: some of its writes landed, none recorded yet.
    await eventually(() => graph.limits.identityWrites.admitted >= 230, 60_000, 'writes of the second chunk');
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    const before = await getPreloadRun(control.deps, preview.preloadId);
    assert.ok(before && before.processed < USERS, 'killed mid-apply');

    startWorker();
    const run = await eventually(
      async () => {
        const current = await getPreloadRun(control.deps, preview.preloadId);
        return current?.status === 'done' ? current : undefined;
      },
      90_000,
      'the apply to finish after the restart',
    );
    assert.equal(run.processed, USERS);
    assert.deepEqual(run.outcomes, {
      added: USERS,
      overwritten: 0,
      unchanged: 0,
      held: 0,
      'user-not-found': 0,
      failed: 0,
    });
    const writes = new Map<string, number>();
    for (const entry of graph.requests.entries) {
      const user = /\/users\/([^/]+)\/authentication\/phoneMethods/.exec(entry.path)?.[1];
      if (user && entry.method !== 'GET' && entry.status < 300) writes.set(user, (writes.get(user) ?? 0) + 1);
    }
    const wrong = Array.from({ length: USERS }, (_, i) => i).filter(
      (i) =>
        graph.state.phoneOf(generatedUserId(i), 'mobile')?.phoneNumber !== number(i) ||
        writes.get(generatedUserId(i)) !== 1,
    );
    assert.deepEqual(wrong, [], 'every user has the number, written exactly once');
  });
});
