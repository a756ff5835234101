import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  type Activity,
  ConfigurationBotFrameworkAuthentication,
  CloudAdapter as SdkCloudAdapter,
} from 'botbuilder';
import type { ConnectorSimulator } from '../../../src/dev/connector-sim';
import type { TeamsAdapter } from '../../../src/teams/adapter';
import { classifyTeamsError } from '../../../src/teams/delivery-outcome';
import { SOON_ATTEMPTS } from '../../../src/teams/retry-soon';
import {
  createTestCloudAdapter,
  openTestConversation,
  startTestConnector,
  TEST_TENANT_ID,
  testUserId,
} from '../../support/connector';

/**
 * Our queue owns retries (BullMQ rateLimit on 429, backoff on 5xx). These tests prove that a
 * Bot Connector call made through src/teams is exactly one HTTP request, whatever happens.
 */
describe('no hidden retries in the Bot Connector client', () => {
  let sim: ConnectorSimulator;
  let adapter: TeamsAdapter;

  before(async () => {
    sim = await startTestConnector();
    adapter = createTestCloudAdapter({ requestTimeoutMs: 1_000 });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    assert.fail('expected the call to fail');
  }

  it('baseline: the stock SDK client re-sends a 429 by itself (why src/teams removes the policy)', async () => {
    // If this starts failing, botbuilder stopped retrying on its own; the removal can then go.
    const stock = new SdkCloudAdapter(
      new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' }),
    );
    const reference = await openTestConversation(adapter, sim, testUserId(1));
    const before = sim.stats.requests;
    sim.faults.failNext(429, { retryAfterSeconds: 0 });

    await stock.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity('hello');
    });

    assert.equal(sim.stats.requests - before, 2, 'the stock client sent the request twice');
    assert.equal(sim.stats.throttled429, 1);
  });

  it('one injected 429 is one request, classified throttled with its Retry-After', async () => {
    const reference = await openTestConversation(adapter, sim, testUserId(2));
    const before = sim.stats.requests;
    // Retry-After 0 would make the stock client retry at once: the strongest provocation.
    sim.faults.failNext(429, { retryAfterSeconds: 0 });

    const error = await failure(adapter.proactive.send(reference, { text: 'hello' }));

    assert.equal(sim.stats.requests - before, 1);
    assert.deepEqual(classifyTeamsError(error), { kind: 'throttled', retryAfterMs: 0, code: 'Throttled' });
    assert.equal(sim.transcript.activitiesFor(testUserId(2)).length, 0);
  });

  it('honours a longer Retry-After without waiting it out', async () => {
    const reference = await openTestConversation(adapter, sim, testUserId(3));
    const before = sim.stats.requests;
    sim.faults.failNext(429, { retryAfterSeconds: 30 });

    const error = await failure(adapter.proactive.send(reference, { text: 'hello' }));

    assert.equal(sim.stats.requests - before, 1);
    assert.deepEqual(classifyTeamsError(error), {
      kind: 'throttled',
      retryAfterMs: 30_000,
      code: 'Throttled',
    });
  });

  for (const status of [500, 502, 503, 504, 408]) {
    it(`a ${status} is one request (the SDK would back off and re-send it)`, async () => {
      const reference = await openTestConversation(adapter, sim, testUserId(10 + status));
      const before = sim.stats.requests;
      sim.faults.failNext(status, status === 503 ? { retryAfterSeconds: 0 } : {});

      const error = await failure(adapter.proactive.send(reference, { text: 'hello' }));

      assert.equal(sim.stats.requests - before, 1);
      assert.equal(classifyTeamsError(error).kind, 'transient');
    });
  }

  it('a dropped connection is one request', async () => {
    const reference = await openTestConversation(adapter, sim, testUserId(4));
    const before = sim.stats.requests;
    sim.faults.timeoutNext({ mode: 'destroy' });

    const error = await failure(adapter.proactive.send(reference, { text: 'hello' }));

    assert.equal(sim.stats.requests - before, 1);
    assert.deepEqual(classifyTeamsError(error), { kind: 'transient', status: 0, code: 'ECONNRESET' });
  });

  it('createConversation is one request too', async () => {
    sim.faults.failNext(502);
    const error = await failure(
      adapter.proactive.createPersonalConversation({
        serviceUrl: sim.url,
        tenantId: TEST_TENANT_ID,
        userAadObjectId: testUserId(5),
      }),
    );
    assert.equal(sim.stats.requests, 1);
    assert.deepEqual(classifyTeamsError(error), { kind: 'transient', status: 502, code: 'ServiceError' });
  });

  it('replies inside an incoming turn are one request per visible attempt (the factory from authenticateRequest is wrapped)', async () => {
    const user = testUserId(6);
    const reference = await openTestConversation(adapter, sim, user);
    const before = sim.stats.requests;
    // The turn's own retry (teams/turn-replies.ts) tries SOON_ATTEMPTS times; each try must be one request.
    sim.faults.failNext(429, { retryAfterSeconds: 0, times: SOON_ATTEMPTS });
    const incoming: Partial<Activity> = {
      type: 'message',
      id: 'incoming-1',
      text: 'hi bot',
      channelId: 'msteams',
      serviceUrl: sim.url,
      conversation: {
        id: reference.conversation!.id,
        isGroup: false,
        conversationType: 'personal',
        name: '',
      },
      from: { id: '29:user', name: 'User', aadObjectId: user },
      recipient: { id: 'bot', name: 'Bot' },
    };
    let replyError: unknown;
    const response = fakeWebResponse();

    await adapter.process({ method: 'POST', headers: {}, body: incoming }, response, async (context) => {
      try {
        await context.sendActivity('echo');
      } catch (error) {
        replyError = error;
      }
    });

    assert.equal(sim.stats.requests - before, SOON_ATTEMPTS);
    assert.equal(classifyTeamsError(replyError).kind, 'throttled');
    assert.equal(response.statusCode, 200);
  });
});

function fakeWebResponse() {
  return {
    socket: {},
    statusCode: 0,
    status(code: number) {
      this.statusCode = code;
    },
    header() {},
    send() {},
    end() {},
  };
}
