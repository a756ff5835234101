import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import type { ConnectorSimulator, ConnectorSimulatorOptions } from '../../../src/dev/connector-sim';
import type { TeamsAdapter } from '../../../src/teams/adapter';
import { classifyTeamsError, type DeliveryOutcome } from '../../../src/teams/delivery-outcome';
import {
  createTestCloudAdapter,
  openTestConversation,
  startTestConnector,
  testUserId,
} from '../../support/connector';

/**
 * Teams' limits as the simulator enforces them, seen through the real client. The simulator's
 * clock is frozen so "quick" means the same instant however slow the machine is.
 */
describe('Teams rate limits enforced by the simulator', () => {
  const adapter: TeamsAdapter = createTestCloudAdapter();
  let sim: ConnectorSimulator | undefined;
  const frozenAt = 1_700_000_000_000;

  async function start(options: ConnectorSimulatorOptions): Promise<ConnectorSimulator> {
    sim = await startTestConnector({ now: () => frozenAt, ...options });
    return sim;
  }
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  after(() => sim?.close());

  async function send(
    simulator: ConnectorSimulator,
    user: string,
    count: number,
  ): Promise<DeliveryOutcome[]> {
    const reference = await openTestConversation(adapter, simulator, user);
    const outcomes: DeliveryOutcome[] = [];
    for (let i = 0; i < count; i += 1) {
      try {
        await adapter.proactive.send(reference, { text: `message ${i}` });
        outcomes.push({ kind: 'transient', status: 201 });
      } catch (error) {
        outcomes.push(classifyTeamsError(error));
      }
    }
    return outcomes;
  }

  it('8 quick sends to one conversation: 7 go through, the 8th is 429 with Retry-After', async () => {
    const simulator = await start({});
    const user = testUserId(1);

    const outcomes = await send(simulator, user, 8);

    assert.deepEqual(
      outcomes.slice(0, 7).map((outcome) => outcome.kind === 'transient' && outcome.status),
      [201, 201, 201, 201, 201, 201, 201],
    );
    // Frozen clock: the 7-per-second window frees its oldest slot exactly 1 s later.
    assert.deepEqual(outcomes[7], { kind: 'throttled', retryAfterMs: 1_000, code: 'Throttled' });
    assert.equal(simulator.transcript.activitiesFor(user).length, 7);
    assert.deepEqual(
      simulator.transcript.rejectionsFor(user).map((rejection) => [rejection.reason, rejection.status]),
      [['conversation-limit', 429]],
    );
  });

  it('the limit is per conversation: another user is not affected', async () => {
    const simulator = await start({});
    await send(simulator, testUserId(2), 8);

    const other = await send(simulator, testUserId(3), 1);

    assert.deepEqual(other, [{ kind: 'transient', status: 201 }]);
  });

  it('the per-tenant limit throttles across conversations', async () => {
    const simulator = await start({ limits: { perTenantPerSecond: 5 } });
    // One create and four sends to one user use the tenant's five requests in this second.
    await send(simulator, testUserId(4), 4);

    const reference = await openTestConversation(adapter, simulator, testUserId(5)).catch(classifyTeamsError);

    assert.deepEqual(reference, { kind: 'throttled', retryAfterMs: 1_000, code: 'Throttled' });
    assert.equal(simulator.stats.rejectedByReason['tenant-limit'], 1);
  });

  it('limits can be switched off for benchmarks', async () => {
    const simulator = await start({ limits: { enabled: false } });

    const outcomes = await send(simulator, testUserId(6), 12);

    assert.equal(outcomes.filter((outcome) => outcome.kind === 'throttled').length, 0);
    assert.equal(simulator.stats.throttled429, 0);
  });
});
