import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type ConnectorSimulator, startConnectorSimulator } from '../../../../src/dev/connector-sim';

/** The simulator's wire protocol, spoken with plain fetch (no SDK in between). */
describe('connector simulator over HTTP', () => {
  let sim: ConnectorSimulator;

  before(async () => {
    sim = await startConnectorSimulator({
      strictConversations: true,
      maxBodyBytes: 4_096,
      userProfile: (id) => ({ name: `Name of ${id}`, email: `${id}@contoso.test` }),
    });
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(new URL(path, sim.url), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  const createBody = (user: string, extra: Record<string, unknown> = {}) => ({
    bot: { id: 'bot-app-id' },
    isGroup: false,
    members: [{ id: user }],
    tenantId: 'tenant-1',
    channelData: { tenant: { id: 'tenant-1' } },
    ...extra,
  });

  async function create(user: string): Promise<string> {
    const created = await call('POST', 'v3/conversations', createBody(user));
    assert.equal(created.status, 201);
    return created.body.id as string;
  }

  const activities = (conversationId: string) =>
    `v3/conversations/${encodeURIComponent(conversationId)}/activities`;

  it('serves a serviceUrl ending in / on loopback', () => {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('creates personal conversations, optionally with a first message', async () => {
    const plain = await call('POST', 'v3/conversations', createBody('user-1'));
    const withMessage = await call(
      'POST',
      'v3/conversations',
      createBody('user-2', { activity: { type: 'message', text: 'welcome' } }),
    );

    assert.equal(plain.status, 201);
    assert.deepEqual(Object.keys(plain.body), ['id']);
    assert.match(withMessage.body.activityId, /^\d+$/);
    assert.equal(sim.transcript.activitiesFor('user-2')[0]?.text, 'welcome');
  });

  it('accepts the member as 8:orgid:<aad> or aadObjectId, same conversation', async () => {
    const byId = await create('aad-3');
    const byOrgId = await call('POST', 'v3/conversations', createBody('8:orgid:aad-3'));
    const byAad = await call(
      'POST',
      'v3/conversations',
      createBody('x', { members: [{ id: 'x', aadObjectId: 'aad-3' }] }),
    );
    assert.equal(byOrgId.body.id, byId);
    assert.equal(byAad.body.id, byId);
  });

  it('answers bad requests like Teams', async () => {
    const noTenant = await call('POST', 'v3/conversations', { bot: { id: 'b' }, members: [{ id: 'u' }] });
    const group = await call('POST', 'v3/conversations', createBody('u', { isGroup: true }));
    const notJson = await call('POST', 'v3/conversations', '{nope');
    const tooBig = await call('POST', 'v3/conversations', createBody('u', { padding: 'x'.repeat(5_000) }));
    const unknown = await call('GET', 'v3/bots');

    assert.deepEqual(
      [noTenant, group, notJson, tooBig, unknown].map((answer) => [answer.status, answer.body?.error?.code]),
      [
        [400, 'BadArgument'],
        [400, 'BadArgument'],
        [400, 'BadSyntax'],
        [413, 'MessageSizeTooBig'],
        [404, 'NotFound'],
      ],
    );
  });

  it('sends, updates and deletes; unknown activities and (strict) conversations are 404', async () => {
    const conversationId = await create('user-4');
    const sent = await call('POST', activities(conversationId), { type: 'message', text: 'v1' });
    const updated = await call('PUT', `${activities(conversationId)}/${sent.body.id}`, {
      type: 'message',
      text: 'v2',
    });
    const deleted = await call('DELETE', `${activities(conversationId)}/${sent.body.id}`);
    const afterDelete = await call('PUT', `${activities(conversationId)}/${sent.body.id}`, {
      type: 'message',
    });
    const stranger = await call('POST', activities('a:1unknown'), { type: 'message', text: 'x' });

    assert.equal(sent.status, 201);
    assert.deepEqual(updated, { status: 200, headers: updated.headers, body: { id: sent.body.id } });
    assert.equal(deleted.status, 200);
    assert.deepEqual(
      [afterDelete.status, afterDelete.body.error.code],
      [404, 'ActivityNotFoundInConversation'],
    );
    assert.deepEqual([stranger.status, stranger.body.error.code], [404, 'ConversationNotFound']);
    const [record] = sim.transcript.activitiesFor('user-4');
    assert.deepEqual([record?.text, record?.deleted], ['v2', true]);
  });

  it('lists the member of a personal conversation for TeamsInfo', async () => {
    const conversationId = await create('aad-5');
    const members = await call('GET', `v3/conversations/${encodeURIComponent(conversationId)}/members`);
    const member = members.body[0];
    const byTeamsId = await call(
      'GET',
      `v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(member.id)}`,
    );
    const byAad = await call('GET', `v3/conversations/${encodeURIComponent(conversationId)}/members/aad-5`);
    const other = await call('GET', `v3/conversations/${encodeURIComponent(conversationId)}/members/someone`);

    assert.match(member.id, /^29:1/);
    assert.deepEqual(
      [member.aadObjectId, member.name, member.email],
      ['aad-5', 'Name of aad-5', 'aad-5@contoso.test'],
    );
    assert.deepEqual(byTeamsId.body, member);
    assert.deepEqual(byAad.body, member);
    assert.equal(other.status, 404);
  });

  it('is steered and read through /_sim/', async () => {
    const conversationId = await create('user-6');
    const configured = await call('POST', '_sim/faults', {
      block: ['user-6'],
      inject: [
        { action: { kind: 'status', status: 503, retryAfterSeconds: 2 }, match: { aadObjectId: 'user-6' } },
      ],
    });
    const first = await call('POST', activities(conversationId), { type: 'message', text: 'x' });
    const second = await call('POST', activities(conversationId), { type: 'message', text: 'x' });
    const transcript = await call('GET', '_sim/transcript?aadObjectId=user-6');
    const stats = await call('GET', '_sim/stats');

    assert.equal(configured.status, 200);
    assert.deepEqual(configured.body.blocked, ['user-6']);
    assert.deepEqual([first.status, first.headers.get('retry-after')], [503, '2']);
    assert.deepEqual([second.status, second.body.error.code], [403, 'ConversationBlockedByUser']);
    assert.equal(transcript.body.conversationId, conversationId);
    assert.deepEqual(
      transcript.body.rejections.map((rejection: { reason: string; status: number }) => [
        rejection.reason,
        rejection.status,
      ]),
      [
        ['scripted', 503],
        ['blocked', 403],
      ],
    );
    assert.deepEqual(stats.body.byStatus, { '201': 1, '403': 1, '503': 1 });

    const cleared = await call('DELETE', '_sim/faults');
    assert.deepEqual(cleared.body.blocked, []);
    assert.equal(
      (await call('POST', activities(conversationId), { type: 'message', text: 'x' })).status,
      201,
    );

    assert.equal((await call('POST', '_sim/reset')).status, 204);
    assert.equal((await call('GET', '_sim/stats')).body.requests, 0);
  });

  it('rejects fault settings it cannot use', async () => {
    const wrongStatus = await call('POST', '_sim/faults', {
      inject: [{ action: { kind: 'status', status: 200 } }],
    });
    const tooLikely = await call('POST', '_sim/faults', {
      random: { probabilities: { '429': 0.8, '503': 0.8 } },
    });
    assert.equal(wrongStatus.status, 400);
    assert.equal(tooLikely.status, 400);
  });

  it('by default, like Teams, answers 404 ConversationNotFound for a conversation it does not know', async () => {
    const teamsLike = await startConnectorSimulator();
    try {
      const post = await fetch(new URL(activities('a:1never-created'), teamsLike.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'x' }),
      });
      const put = await fetch(new URL(`${activities('a:1never-created')}/123`, teamsLike.url), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'x' }),
      });
      const code = async (response: Response) =>
        ((await response.json()) as { error: { code: string } }).error.code;
      assert.deepEqual(
        [post.status, await code(post), put.status, await code(put)],
        [404, 'ConversationNotFound', 404, 'ConversationNotFound'],
      );
    } finally {
      await teamsLike.close();
    }
  });

  it('forgets a chat on request (writes get 404, the next create opens a new chat) and learns chats users opened', async () => {
    const stale = await create('user-8');
    const sent = await call('POST', activities(stale), { type: 'message', text: 'first' });

    const forgotten = await call('DELETE', `_sim/conversations/${encodeURIComponent(stale)}`);
    const unknown = await call('DELETE', `_sim/conversations/${encodeURIComponent(stale)}`);
    const send = await call('POST', activities(stale), { type: 'message', text: 'x' });
    const update = await call('PUT', `${activities(stale)}/${sent.body.id}`, { type: 'message', text: 'x' });
    const renewed = await create('user-8');
    const again = await create('user-8');

    assert.deepEqual([forgotten.status, unknown.status], [204, 404]);
    assert.deepEqual(
      [send.status, send.body.error.code, update.status, update.body.error.code],
      [404, 'ConversationNotFound', 404, 'ConversationNotFound'],
    );
    assert.notEqual(renewed, stale, 'a new chat, with a new id');
    assert.equal(again, renewed, 'which Teams then gives back every time');
    assert.equal(sim.transcript.activitiesIn(stale)[0]?.text, 'first', 'what was said stays readable');

    const opened = await call('POST', '_sim/conversations', { id: 'a:chat-user-9', aadObjectId: 'user-9' });
    const reply = await call('POST', activities('a:chat-user-9'), { type: 'message', text: 'hello' });
    const invalid = await call('POST', '_sim/conversations', { aadObjectId: 'user-9' });
    assert.deepEqual([opened.status, reply.status, invalid.status], [201, 201, 400]);
    sim.faults.blockUser('user-9');
    const blocked = await call('POST', activities('a:chat-user-9'), { type: 'message', text: 'x' });
    assert.deepEqual([blocked.status, blocked.body.error.code], [403, 'ConversationBlockedByUser']);
  });

  it('close() does not wait for a response a timeout fault is holding', async () => {
    const held = await startConnectorSimulator({ timeoutHoldMs: 600_000 });
    held.faults.timeoutNext({ mode: 'hold' });
    const pending = fetch(new URL('v3/conversations', held.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(createBody('user-7')),
    }).then(
      () => 'answered',
      () => 'dropped',
    );
    while (held.stats.timeouts === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    await held.close();

    assert.equal(await pending, 'dropped');
  });
});
