import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ConnectorSimulator } from '../../../src/dev/connector-sim';
import type { TeamsAdapter } from '../../../src/teams/adapter';
import {
  type ChatRequest,
  classifyTeamsError,
  type DeliveryOutcome,
} from '../../../src/teams/delivery-outcome';
import {
  createTestCloudAdapter,
  openTestConversation,
  startTestConnector,
  TEST_TENANT_ID,
  testUserId,
} from '../../support/connector';

/** The real client's errors, from the simulator's Teams-shaped answers, mapped to outcomes. */
describe('classifying Bot Connector failures from the simulator', () => {
  const installed = new Set<string>();
  let sim: ConnectorSimulator;
  let adapter: TeamsAdapter;

  before(async () => {
    sim = await startTestConnector({
      requireInstall: true,
      isInstalled: (id) => installed.has(id),
      timeoutHoldMs: 10_000,
    });
    adapter = createTestCloudAdapter({ requestTimeoutMs: 300 });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    installed.clear();
  });

  async function outcomeOf(
    promise: Promise<unknown>,
    request: ChatRequest = 'stored-chat',
  ): Promise<DeliveryOutcome> {
    try {
      await promise;
    } catch (error) {
      return classifyTeamsError(error, request);
    }
    assert.fail('expected the call to fail');
  }

  async function conversationOf(user: string) {
    installed.add(user);
    return openTestConversation(adapter, sim, user);
  }

  const create = (user: string) =>
    adapter.proactive.createPersonalConversation({
      serviceUrl: sim.url,
      tenantId: TEST_TENANT_ID,
      userAadObjectId: user,
    });

  it('a user who blocked the bot is final: blocked', async () => {
    const user = testUserId(1);
    const reference = await conversationOf(user);
    sim.faults.blockUser(user);

    const outcome = await outcomeOf(adapter.proactive.send(reference, { text: 'hi' }));

    assert.deepEqual(outcome, {
      kind: 'final',
      reason: 'blocked',
      status: 403,
      code: 'ConversationBlockedByUser',
    });
    assert.equal(sim.transcript.rejectionsFor(user)[0]?.reason, 'blocked');
  });

  it('createConversation for a user without the app is final: not-installed; after the install it works', async () => {
    const user = testUserId(2);

    const outcome = await outcomeOf(create(user), 'create-chat');
    assert.deepEqual(outcome, {
      kind: 'final',
      reason: 'not-installed',
      status: 403,
      code: 'BotNotInConversationRoster',
    });

    installed.add(user);
    const reference = await create(user);
    assert.match(reference.conversation?.id ?? '', /^a:1/);
  });

  it('a send to a stored chat after the app was removed is a stale chat; to a new chat it is final: not-installed', async () => {
    const user = testUserId(3);
    const reference = await conversationOf(user);
    sim.faults.markUninstalled(user);

    assert.deepEqual(await outcomeOf(adapter.proactive.send(reference, { text: 'hi' })), {
      kind: 'stale-chat',
      status: 403,
      code: 'BotNotInConversationRoster',
    });
    const fresh = await outcomeOf(adapter.proactive.send(reference, { text: 'hi' }), 'new-chat');
    assert.equal(fresh.kind === 'final' && fresh.reason, 'not-installed');
  });

  it('a chat Teams forgot answers 404: a stale chat, not a user who is gone; the next create opens a new chat', async () => {
    const user = testUserId(11);
    const reference = await conversationOf(user);
    assert.equal(sim.forgetConversation(reference.conversation!.id!), true);

    assert.deepEqual(await outcomeOf(adapter.proactive.send(reference, { text: 'hi' })), {
      kind: 'stale-chat',
      status: 404,
      code: 'ConversationNotFound',
    });
    const renewed = await create(user);
    assert.notEqual(renewed.conversation?.id, reference.conversation?.id);
    await adapter.proactive.send(renewed, { text: 'hello again' });
    assert.deepEqual(
      sim.transcript.activitiesFor(user).map((a) => a.text),
      ['hello again'],
    );
  });

  it('a user who left the tenant: their stored chat is stale, and creating a chat says user-gone', async () => {
    const user = testUserId(4);
    const reference = await conversationOf(user);
    sim.faults.removeUser(user);

    assert.deepEqual(await outcomeOf(adapter.proactive.send(reference, { text: 'hi' })), {
      kind: 'stale-chat',
      status: 404,
      code: 'ConversationNotFound',
    });
    assert.deepEqual(await outcomeOf(create(user), 'create-chat'), {
      kind: 'final',
      reason: 'user-gone',
      status: 404,
      code: 'NotFound',
    });
  });

  it('a tenant-disabled bot is final: forbidden', async () => {
    const reference = await conversationOf(testUserId(5));
    sim.faults.failNext(403);

    const outcome = await outcomeOf(adapter.proactive.send(reference, { text: 'hi' }));

    assert.deepEqual(outcome, {
      kind: 'final',
      reason: 'forbidden',
      status: 403,
      code: 'BotDisabledByAdmin',
    });
  });

  it('a malformed message is final: bad-request', async () => {
    const reference = await conversationOf(testUserId(6));
    sim.faults.failNext(400);

    const outcome = await outcomeOf(adapter.proactive.send(reference, { text: 'hi' }));

    assert.deepEqual(outcome, { kind: 'final', reason: 'bad-request', status: 400, code: 'BadArgument' });
  });

  it('429 is throttled with the Retry-After Teams sent', async () => {
    const reference = await conversationOf(testUserId(7));
    sim.faults.failNext(429, { retryAfterSeconds: 4 });

    const outcome = await outcomeOf(adapter.proactive.send(reference, { text: 'hi' }));

    assert.deepEqual(outcome, { kind: 'throttled', retryAfterMs: 4_000, code: 'Throttled' });
  });

  it('502 and 412 are transient', async () => {
    const reference = await conversationOf(testUserId(8));
    sim.faults.failNext(502);
    assert.deepEqual(await outcomeOf(adapter.proactive.send(reference, { text: 'hi' })), {
      kind: 'transient',
      status: 502,
      code: 'ServiceError',
    });
    sim.faults.failNext(412);
    assert.deepEqual(await outcomeOf(adapter.proactive.send(reference, { text: 'hi' })), {
      kind: 'transient',
      status: 412,
      code: 'PreconditionFailed',
    });
  });

  it('no answer within the deadline is transient (status 0, ETIMEDOUT), even if Teams delivered it', async () => {
    const user = testUserId(9);
    const reference = await conversationOf(user);
    sim.faults.timeoutNext({ mode: 'hold', deliver: true });

    const outcome = await outcomeOf(adapter.proactive.send(reference, { text: 'maybe delivered' }));

    assert.deepEqual(outcome, { kind: 'transient', status: 0, code: 'ETIMEDOUT' });
    // The ambiguous case the queue must live with: the message did arrive.
    assert.equal(sim.transcript.activitiesFor(user)[0]?.text, 'maybe delivered');
    assert.equal(sim.stats.timeouts, 1);
  });

  it('a random 503 (probability 1) is transient and keeps its Retry-After', async () => {
    const reference = await conversationOf(testUserId(10));
    sim.faults.setRandom({ probabilities: { '503': 1 }, seed: 7, retryAfterSeconds: 2 });

    const outcome = await outcomeOf(adapter.proactive.send(reference, { text: 'hi' }));

    assert.deepEqual(outcome, {
      kind: 'transient',
      status: 503,
      code: 'ServiceUnavailable',
      retryAfterMs: 2_000,
    });
  });
});
