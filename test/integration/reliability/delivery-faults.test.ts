import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { startWave } from '../../../src/app/start-wave';
import { GENERATED_GROUP_ID, generateTenant, SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { startWavePlanWorker } from '../../../src/queue/wave-plan-worker';
import { eventually, type Stack, startStack } from '../../support/stack';

/** Users of the pilot group, and how many messages each got. */
function messagesPerUser(stack: Stack, userIds: readonly string[]): Map<string, number> {
  return new Map(
    userIds.map((id) => [
      id,
      stack.connector.transcript.activitiesFor(id).filter((a) => a.type === 'message').length,
    ]),
  );
}

describe('delivery under faults', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });
  after(() => undefined);

  it('completes a wave through injected 429s and 5xx with every user sent exactly once, never exceeding per-chat pacing', async () => {
    stack = await startStack({
      connector: {
        random: {
          probabilities: { 429: 0.25, 502: 0.1, 503: 0.05 },
          seed: 42,
          retryAfterSeconds: 1,
          operations: ['sendToConversation'],
        },
      },
    });
    const pilot = stack.graph.state.transitiveUserIds(SAMPLE_GROUPS.pilot);
    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      createdBy: { id: 't', name: 't' },
    });
    await eventually(
      async () => (await stack!.runtime.deps.repo.getWave(wave.id))?.status === 'active',
      30_000,
      'expanded',
    );
    await eventually(
      async () => (await stack!.runtime.deps.repo.countByStatus(wave.id)).targeted === 0,
      60_000,
      'all sent',
    );
    assert.ok(stack.connector.stats.throttled429 > 0, 'the simulator did throttle');
    const perUser = messagesPerUser(stack, pilot);
    assert.deepEqual(
      [...perUser.values()].filter((n) => n !== 1),
      [],
      'exactly one card each',
    );
    assert.deepEqual(stack.connector.transcript.rejectionsWith('conversation-limit'), []);
    assert.deepEqual(stack.connector.transcript.violations, []);
    // Every attempt's status is kept per user.
    const throttledUsers = [];
    for (const id of pilot) {
      const attempts = await stack.runtime.deps.repo.attempts(wave.id, id);
      if (attempts.some((a) => a.status === 429)) throttledUsers.push(id);
      assert.equal(attempts.at(-1)?.status, 201);
    }
    assert.ok(throttledUsers.length > 0, 'some users were throttled first, and it shows in their attempts');
  });

  it('marks a user who blocked the bot unreachable with the reason, and sends nobody else twice', async () => {
    stack = await startStack();
    stack.connector.faults.blockUser(SAMPLE_USERS.lidia);
    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      createdBy: { id: 't', name: 't' },
    });
    await eventually(
      async () =>
        (await stack!.runtime.deps.repo.getUser(wave.id, SAMPLE_USERS.lidia))?.status === 'unreachable',
      30_000,
      'unreachable',
    );
    const lidia = await stack.runtime.deps.repo.getUser(wave.id, SAMPLE_USERS.lidia);
    assert.equal(lidia?.reason, 'blocked');
    const attempts = await stack.runtime.deps.repo.attempts(wave.id, SAMPLE_USERS.lidia);
    assert.deepEqual(
      attempts.map((a) => [a.status, a.outcome]),
      [[403, 'final']],
      'a final failure is not retried',
    );
    const audit = await stack.runtime.deps.audit.read({ waveId: wave.id, userId: SAMPLE_USERS.lidia });
    assert.equal(audit.find((e) => e.action === 'delivery-failed')?.detail, 'blocked');
  });

  it('marks a user unreachable once every attempt failed with temporary errors, instead of leaving them pending', async () => {
    stack = await startStack({ env: { DELIVERY_ATTEMPTS: '3', DELIVERY_RETRY_BASE_MS: '50' } });
    stack.connector.faults.inject({
      action: { kind: 'status', status: 502 },
      match: { aadObjectId: SAMPLE_USERS.alex },
      times: 1000,
    });
    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      createdBy: { id: 't', name: 't' },
    });
    await eventually(
      async () =>
        (await stack!.runtime.deps.repo.getUser(wave.id, SAMPLE_USERS.alex))?.status === 'unreachable',
      30_000,
      'Alex unreachable',
    );
    const alex = await stack.runtime.deps.repo.getUser(wave.id, SAMPLE_USERS.alex);
    assert.equal(alex?.reason, 'retries-exhausted');
    const attempts = await stack.runtime.deps.repo.attempts(wave.id, SAMPLE_USERS.alex);
    assert.deepEqual(
      attempts.map((a) => a.status),
      [502, 502, 502],
      'each attempt and its status is kept',
    );
    await eventually(
      async () => (await stack!.runtime.deps.repo.countByStatus(wave.id)).targeted === 0,
      30_000,
      'the others sent',
    );
  });

  it('resumes a group expansion that failed mid-way at the page it was on: nobody lost, nobody added twice', async () => {
    stack = await startStack({
      startWorkers: false,
      graph: { tenant: generateTenant(2500, { malformedShare: 0 }) },
    });
    const { deps } = stack.runtime;
    const prefix = `${stack.config.REDIS_PREFIX}-bull`;
    const planner = startWavePlanWorker(deps, stack.runtime.queues.wavePlan.opts.connection, prefix);
    try {
      const wave = await startWave(deps, { groupId: GENERATED_GROUP_ID, createdBy: { id: 't', name: 't' } });
      // The start read the group once (the overlap check); the expansion's reads come after those.
      const checkReads = stack.graph.requests.matching(/transitiveMembers/).length;
      // Once the first page was read, the next page request fails twice: the job fails and is retried.
      await eventually(
        () => stack!.graph.requests.matching(/transitiveMembers/).length >= checkReads + 1,
        10_000,
        'first page read',
      );
      stack.graph.faults.inject({ method: 'GET', path: /transitiveMembers/, status: 500, times: 2 });
      await eventually(
        async () => (await deps.repo.getWave(wave.id))?.status === 'active',
        60_000,
        'expanded',
      );
      const pageReads = stack.graph.requests.matching(/transitiveMembers/).slice(checkReads);
      const firstPageReads = pageReads.filter(
        (entry) => !/skiptoken/i.test(entry.query ?? '') && entry.status === 200,
      );
      assert.equal(firstPageReads.length, 1, 'the first page was not read again after the failure');
      assert.ok(
        pageReads.some((entry) => entry.status === 500),
        'the failure happened',
      );
      const counts = await deps.repo.countByStatus(wave.id);
      assert.equal(
        Object.values(counts).reduce((a, b) => a + b, 0),
        2500,
      );
      const jobs = await stack.runtime.queues.outreach.getJobCounts('waiting', 'delayed', 'prioritized');
      assert.equal(
        (jobs.waiting ?? 0) + (jobs.delayed ?? 0) + (jobs.prioritized ?? 0),
        2500 - counts.excluded,
        'one outreach job per user',
      );
    } finally {
      await planner.close();
    }
  });
});
