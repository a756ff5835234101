import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ConnectorSimulator } from '../../../src/dev/connector-sim';
import type { TeamsAdapter } from '../../../src/teams/adapter';
import {
  createTestCloudAdapter,
  openTestConversation,
  startTestConnector,
  TEST_TENANT_ID,
  testUserId,
} from '../../support/connector';
import { eventually } from '../../support/stack';

describe('ProactiveConnector against the connector simulator', () => {
  let sim: ConnectorSimulator;
  let adapter: TeamsAdapter;

  before(async () => {
    sim = await startTestConnector();
    adapter = createTestCloudAdapter();
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('creates a Teams-like personal conversation, the same one every time for a user', async () => {
    const user = testUserId(1);
    const first = await openTestConversation(adapter, sim, user);
    const second = await openTestConversation(adapter, sim, user);
    const other = await openTestConversation(adapter, sim, testUserId(2));

    assert.match(first.conversation?.id ?? '', /^a:1.+/);
    assert.equal(second.conversation?.id, first.conversation?.id);
    assert.notEqual(other.conversation?.id, first.conversation?.id);
    assert.equal(first.serviceUrl, sim.url);
    assert.equal(first.conversation?.tenantId, '72f988bf-0000-4000-8000-000000000001');
    assert.equal(first.user?.aadObjectId, user);
    assert.equal(sim.transcript.conversationIdFor(user), first.conversation?.id);
    assert.equal(sim.stats.acceptedByOperation.createConversation, 3);
  });

  it('sends a card as a new message and returns the activity id the transcript shows', async () => {
    const user = testUserId(3);
    const reference = await openTestConversation(adapter, sim, user);
    const card = {
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard' },
    };

    const activityId = await adapter.proactive.send(reference, {
      type: 'message',
      attachments: [card],
    });
    const textId = await adapter.proactive.send(reference, { text: 'hello' });

    const activities = sim.transcript.activitiesFor(user);
    assert.deepEqual(
      activities.map((activity) => activity.activityId),
      [activityId, textId],
    );
    assert.deepEqual(activities[0]?.attachments, [card]);
    assert.equal(activities[1]?.text, 'hello');
    assert.equal(activities[1]?.type, 'message');
    // A proactive message is posted, not sent as a reply to the SDK's synthetic continuation id.
    assert.deepEqual(
      activities.map((activity) => [activity.operation, activity.replyToId]),
      [
        ['sendToConversation', undefined],
        ['sendToConversation', undefined],
      ],
    );
  });

  it('updates a sent message in place', async () => {
    const user = testUserId(4);
    const reference = await openTestConversation(adapter, sim, user);
    const activityId = await adapter.proactive.send(reference, { text: 'version 1' });

    await adapter.proactive.update(reference, activityId, { text: 'version 2' });

    const [activity] = sim.transcript.activitiesFor(user);
    assert.equal(activity?.activityId, activityId);
    assert.equal(activity?.text, 'version 2');
    assert.equal(activity?.updateCount, 1);
    assert.equal(typeof activity?.updatedAt, 'number');
    assert.equal(sim.stats.acceptedByOperation.updateActivity, 1);
    assert.equal(sim.transcript.activitiesFor(user).length, 1);
  });

  it('rejects an update of a message that does not exist with 404', async () => {
    const reference = await openTestConversation(adapter, sim, testUserId(5));
    await assert.rejects(
      adapter.proactive.update(reference, '123', { text: 'nope' }),
      (error: { statusCode?: number }) => error.statusCode === 404,
    );
  });

  it('refuses a reference without a conversation before any request is made', async () => {
    await assert.rejects(
      adapter.proactive.send({ serviceUrl: sim.url }, { text: 'x' }),
      (error: Error) => error.name === 'InvalidConversationReferenceError',
    );
    assert.equal(sim.stats.requests, 0);
  });

  it('waits for the rate gate before every request it makes, and sends nothing while the gate is shut', async () => {
    let opened = 0;
    let open: () => void = () => undefined;
    const gated = createTestCloudAdapter({
      beforeRequest: () =>
        new Promise<void>((resolve) => {
          opened += 1;
          open = resolve;
        }),
    });
    const user = testUserId(6);
    const creating = gated.proactive.createPersonalConversation({
      serviceUrl: sim.url,
      tenantId: TEST_TENANT_ID,
      userAadObjectId: user,
    });
    await eventually(() => opened === 1);
    assert.equal(sim.stats.requests, 0, 'nothing goes on the wire before the gate opens');
    open();
    const reference = await creating;
    const sending = gated.proactive.send(reference, { text: 'paced' });
    await eventually(() => opened === 2);
    assert.equal(sim.stats.requests, 1);
    open();
    const activityId = await sending;
    const updating = gated.proactive.update(reference, activityId, { text: 'paced, updated' });
    await eventually(() => opened === 3);
    open();
    await updating;
    assert.equal(sim.stats.requests, 3);
  });
});
