import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Queue } from 'bullmq';
import { startWave } from '../../../src/app/start-wave';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { eventually, type Stack, startStack } from '../../support/stack';

/**
 * A job name a queue does not know is refused: failed at once (no retry), audited, and nothing of
 * it runs, even when its data would fit another job of the queue. Real BullMQ on real Redis.
 */
describe('unknown job names (BullMQ workers on real Redis)', () => {
  let stack: Stack;
  let waveId: string;

  before(async () => {
    stack = await startStack({ env: { DELIVERY_ATTEMPTS: '5' } });
    // A wave whose users exist, so a stray job's data names a real user.
    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      createdBy: { id: 'test', name: 'test' },
    });
    waveId = wave.id;
    await eventually(
      async () =>
        (await stack.runtime.deps.repo.countByStatus(waveId)).targeted === 0 &&
        (await stack.runtime.deps.repo.getWave(waveId))?.status === 'active',
      30_000,
      'the wave sent',
    );
  });
  after(() => stack.close());

  async function refused(queue: Queue, name: string, data: Record<string, unknown>) {
    const job = await queue.add(name, data, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    await eventually(
      async () => (await queue.getJobState(job.id!)) === 'failed',
      10_000,
      `${queue.name}/${name} failed`,
    );
    // Read once failed: a job read while it was failing may not carry its reason yet.
    return queue.getJob(job.id!);
  }

  it('refuses a misspelt job in every queue, once, and audits it', async () => {
    const { queues } = stack.runtime;
    for (const queue of [queues.wavePlan, queues.outreach, queues.ready, queues.sweeps, queues.enforce]) {
      const job = await refused(queue, 'remindd', {
        waveId,
        userId: SAMPLE_USERS.alex,
        kind: 'scheduled',
        n: 0,
      });
      assert.match(job!.failedReason, new RegExp(`${queue.name}: unknown job remindd`));
      assert.equal(job!.attemptsMade, 1, `${queue.name}: not retried`);
    }
    const audit = (await stack.runtime.deps.audit.read()).filter((e) => e.action === 'job-refused');
    assert.deepEqual(
      audit.map((e) => e.detail).sort(),
      ['enforce', 'outreach', 'ready', 'sweeps', 'wave-plan'].map((q) => `${q}: unknown job name "remindd"`),
    );
  });

  it("runs nothing of it: a stray job with a user card's data sends no card and changes no state", async () => {
    const { deps, queues } = stack.runtime;
    const before = await deps.repo.getUser(waveId, SAMPLE_USERS.alex);
    const requests = stack.connector.stats.requests;
    await refused(queues.outreach, 'awarenes', { waveId, userId: SAMPLE_USERS.alex });
    assert.equal(stack.connector.stats.requests, requests, 'no request to Teams');
    assert.deepEqual(await deps.repo.getUser(waveId, SAMPLE_USERS.alex), before);
  });

  it('refuses a known job with data of the wrong shape at once, instead of retrying it', async () => {
    const job = await refused(stack.runtime.queues.ready, 'mark-ready', { waveId: 'has a space', userId: 1 });
    assert.match(job!.failedReason, /^bad job data/);
    assert.equal(job!.attemptsMade, 1);
  });

  it('fails an enforce job for a plan that does not exist (or was never started) at once', async () => {
    const bad = await refused(stack.runtime.queues.enforce, 'enforce-plan', { planId: 'has:colon' });
    assert.match(bad!.failedReason, /^bad job data/);
    const gone = await refused(stack.runtime.queues.enforce, 'enforce-plan', { planId: 'ep-gone' });
    assert.match(gone!.failedReason, /enforcement plan ep-gone is gone/);
    assert.equal(gone!.attemptsMade, 1);
  });
});
