import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectorSimulator, ConnectorSimulatorOptions } from '../../../src/dev/connector-sim';
import type { TeamsAdapter } from '../../../src/teams/adapter';
import { classifyTeamsError } from '../../../src/teams/delivery-outcome';
import {
  createTestCloudAdapter,
  openTestConversation,
  startTestConnector,
  testUserId,
} from '../../support/connector';

/** Teams: no two requests in flight to one conversation. The simulator notices every overlap. */
describe('two requests in flight to one conversation', () => {
  const adapter: TeamsAdapter = createTestCloudAdapter({ requestTimeoutMs: 1_000 });
  let sim: ConnectorSimulator | undefined;

  async function start(options: ConnectorSimulatorOptions = {}): Promise<ConnectorSimulator> {
    sim = await startTestConnector({ limits: { enabled: false }, ...options });
    return sim;
  }
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  /** Waits (bounded) until the simulator holds a request open for the conversation. */
  async function untilInFlight(simulator: ConnectorSimulator, conversationId: string): Promise<void> {
    for (let i = 0; i < 200 && simulator.inFlight(conversationId) === 0; i += 1) await sleep(5);
    assert.equal(simulator.inFlight(conversationId), 1, 'first request never reached the simulator');
  }

  it('sequential sends are never counted as overlapping', async () => {
    const simulator = await start();
    const reference = await openTestConversation(adapter, simulator, testUserId(1));

    for (let i = 0; i < 5; i += 1) await adapter.proactive.send(reference, { text: `m${i}` });

    assert.equal(simulator.stats.inFlightViolations, 0);
  });

  it('a second send while the first is still open is counted', async () => {
    const simulator = await start({ timeoutHoldMs: 60_000 });
    const reference = await openTestConversation(adapter, simulator, testUserId(2));
    const conversationId = reference.conversation!.id;
    // The first send hangs (until the client's 1 s deadline), so the overlap is certain, not a race.
    simulator.faults.timeoutNext({ mode: 'hold' });
    const first = adapter.proactive.send(reference, { text: 'first' }).catch(classifyTeamsError);
    await untilInFlight(simulator, conversationId);

    await adapter.proactive.send(reference, { text: 'second' });

    assert.equal(simulator.stats.inFlightViolations, 1);
    assert.deepEqual(
      simulator.transcript.violations.map((violation) => [
        violation.conversationId,
        violation.alreadyInFlight,
      ]),
      [[conversationId, 1]],
    );
    assert.deepEqual(await first, { kind: 'transient', status: 0, code: 'ETIMEDOUT' });
  });

  it('with concurrency.reject the overlapping request gets 429', async () => {
    const simulator = await start({ timeoutHoldMs: 60_000, concurrency: { reject: true } });
    const reference = await openTestConversation(adapter, simulator, testUserId(3));
    simulator.faults.timeoutNext({ mode: 'hold' });
    const first = adapter.proactive.send(reference, { text: 'first' }).catch(classifyTeamsError);
    await untilInFlight(simulator, reference.conversation!.id);

    const second = await adapter.proactive.send(reference, { text: 'second' }).catch(classifyTeamsError);

    assert.equal(typeof second === 'object' && second.kind, 'throttled');
    assert.equal(simulator.stats.rejectedByReason.concurrent, 1);
    assert.deepEqual(
      simulator.transcript
        .rejectionsWith('concurrent')
        .map((rejection) => [rejection.conversationId, rejection.status]),
      [[reference.conversation!.id, 429]],
    );
    assert.equal(simulator.transcript.activitiesFor(testUserId(3)).length, 0);
    await first;
  });
});
