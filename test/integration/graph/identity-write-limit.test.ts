import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { IDENTITY_WRITE_LIMIT, PHONE_METHOD_IDS } from '../../../src/dev/graph-sim';
import { type GraphTestContext, SAMPLE_GROUPS, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

/**
 * The simulator holds every identity write the bot makes to Graph's 3,000 per 150 s per app per
 * tenant (scaled down here), each `$batch` item on its own, with 429 + Retry-After beyond it.
 */
const ENFORCED = SAMPLE_GROUPS.enforcement;
const DIRECTORY = 'https://graph.microsoft.com/v1.0/directoryObjects';
const GONE = '0b4c2a1e-3d5f-4a60-8b71-999999999999';
const phones = (userId: string) => `/users/${userId}/authentication/phoneMethods`;

/** One of every write the bot makes, each valid against the sample tenant. */
const EVERY_WRITE = [
  {
    method: 'POST',
    url: phones(SAMPLE_USERS.diego),
    body: { phoneType: 'mobile', phoneNumber: '+34 600000103' },
  },
  {
    method: 'PATCH',
    url: `${phones(SAMPLE_USERS.alex)}/${PHONE_METHOD_IDS.mobile}`,
    body: { phoneType: 'mobile', phoneNumber: '+1 4255550199' },
  },
  { method: 'DELETE', url: `${phones(SAMPLE_USERS.lidia)}/${PHONE_METHOD_IDS.mobile}` },
  {
    method: 'PATCH',
    url: `/groups/${ENFORCED}`,
    body: { 'members@odata.bind': [`${DIRECTORY}/${SAMPLE_USERS.adele}`] },
  },
  {
    method: 'POST',
    url: `/groups/${ENFORCED}/members/$ref`,
    body: { '@odata.id': `${DIRECTORY}/${SAMPLE_USERS.isaiah}` },
  },
  { method: 'DELETE', url: `/groups/${ENFORCED}/members/${SAMPLE_USERS.adele}/$ref` },
] as const;

describe('Graph simulator: identity write limit', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest({ identityWriteLimit: { requests: 6, windowMs: 60_000 } });
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it("is Graph's 3,000 writes per 150 s unless told otherwise", () => {
    assert.deepEqual(IDENTITY_WRITE_LIMIT, { requests: 3000, windowMs: 150_000 });
  });

  it('counts every kind of write, each $batch item on its own, and answers 429 with Retry-After past the limit', async () => {
    const requests = EVERY_WRITE.map((write, index) => ({
      id: String(index),
      ...write,
      ...('body' in write ? { headers: { 'Content-Type': 'application/json' } } : {}),
    }));
    const first = await graph.client.api('/$batch').post({ requests });
    assert.deepEqual(
      first.responses.map((response: { status: number }) => response.status),
      [201, 204, 204, 204, 204, 204],
    );
    // The budget is spent: a per-user MFA PATCH (beta), alone, is the seventh write.
    await assert.rejects(
      graph
        .newClient({ maxRetries: 0 })
        .api(`/users/${SAMPLE_USERS.alex}/authentication/requirements`)
        .version('beta')
        .patch({ perUserMfaState: 'enforced' }),
      (error: { statusCode: number; headers?: Headers }) => {
        assert.equal(error.statusCode, 429);
        const retryAfter = Number(error.headers?.get('Retry-After'));
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
        return true;
      },
    );
    assert.equal(graph.sim.state.perUserMfaState(SAMPLE_USERS.alex), 'disabled');
    assert.equal(graph.sim.limits.identityWrites.admitted, 6);
    assert.equal(graph.sim.limits.identityWrites.refused, 1);
  });

  it('throttles the items of one $batch one by one, and reads are not writes', async () => {
    graph.sim.limits.identityWrites.configure({ requests: 2, windowMs: 60_000 });
    const reads = Array.from({ length: 5 }, (_, index) => ({
      id: `r${index}`,
      method: 'GET',
      url: phones(SAMPLE_USERS.adele),
    }));
    const writes = [SAMPLE_USERS.adele, SAMPLE_USERS.alex, SAMPLE_USERS.isaiah].map((id, index) => ({
      id: `w${index}`,
      method: 'POST',
      url: `/groups/${ENFORCED}/members/$ref`,
      headers: { 'Content-Type': 'application/json' },
      body: { '@odata.id': `${DIRECTORY}/${id}` },
    }));
    const body = await graph.client.api('/$batch').post({ requests: [...reads, ...writes] });
    const status = Object.fromEntries(
      body.responses.map((response: { id: string; status: number }) => [response.id, response.status]),
    );
    assert.deepEqual(status, { r0: 200, r1: 200, r2: 200, r3: 200, r4: 200, w0: 204, w1: 204, w2: 429 });
    const throttled = body.responses.find((response: { id: string }) => response.id === 'w2');
    assert.ok(Number(throttled.headers['Retry-After']) >= 1);
    assert.equal(throttled.body.error.code, 'TooManyRequests');
    assert.deepEqual(
      [...graph.sim.state.directMemberIds(ENFORCED)].sort(),
      [SAMPLE_USERS.adele, SAMPLE_USERS.alex].sort(),
    );
  });

  it('is changed or switched off over /_sim/identity-write-throttle, and back to the start on reset', async () => {
    const put = (body: unknown) =>
      fetch(`${graph.sim.url}/_sim/identity-write-throttle`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await put({ requests: 0, windowMs: 1000 })).status, 400);
    assert.equal((await put({ nonsense: true })).status, 400);
    const off = await put({ enabled: false });
    assert.deepEqual(await off.json(), { identityWriteThrottle: false });
    for (let i = 0; i < 8; i++) {
      await graph.client
        .api(`/users/${SAMPLE_USERS.alex}/authentication/requirements`)
        .version('beta')
        .patch({ perUserMfaState: i % 2 ? 'enforced' : 'enabled' });
    }
    const state = (await (await fetch(`${graph.sim.url}/_sim/state`)).json()) as Record<string, unknown>;
    assert.equal(state.identityWriteThrottle, false);
    assert.deepEqual(state.identityWrites, { admitted: 8, refused: 0 });
    const on = await put({ requests: 1, windowMs: 60_000 });
    assert.deepEqual(await on.json(), { identityWriteThrottle: { requests: 1, windowMs: 60_000 } });
    graph.sim.reset();
    assert.deepEqual(graph.sim.limits.identityWrites.config, { requests: 6, windowMs: 60_000 });
  });
});

describe('Graph simulator: group and phone writes answer as Graph does', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  const bind = (ids: string[]) => ({ 'members@odata.bind': ids.map((id) => `${DIRECTORY}/${id}`) });

  it('refuses a whole bind for one unknown object with 404, adding nobody', async () => {
    await assert.rejects(graph.client.api(`/groups/${ENFORCED}`).patch(bind([SAMPLE_USERS.adele, GONE])), {
      statusCode: 404,
      code: 'Request_ResourceNotFound',
    });
    assert.deepEqual(graph.sim.state.directMemberIds(ENFORCED), []);
  });

  it("refuses a whole bind for one existing member with 400 and Graph's words, adding nobody", async () => {
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.alex);
    await assert.rejects(
      graph.client.api(`/groups/${ENFORCED}`).patch(bind([SAMPLE_USERS.adele, SAMPLE_USERS.alex])),
      {
        statusCode: 400,
        message:
          "One or more added object references already exist for the following modified properties: 'members'.",
      },
    );
    assert.deepEqual(graph.sim.state.directMemberIds(ENFORCED), [SAMPLE_USERS.alex]);
  });

  it('answers a $ref POST of an existing member with 400, a DELETE of a non-member with 404', async () => {
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.alex);
    await assert.rejects(
      graph.client
        .api(`/groups/${ENFORCED}/members/$ref`)
        .post({ '@odata.id': `${DIRECTORY}/${SAMPLE_USERS.alex}` }),
      {
        statusCode: 400,
        message:
          "One or more added object references already exist for the following modified properties: 'members'.",
      },
    );
    await assert.rejects(
      graph.client.api(`/groups/${ENFORCED}/members/${SAMPLE_USERS.adele}/$ref`).delete(),
      {
        statusCode: 404,
        code: 'Request_ResourceNotFound',
      },
    );
  });

  it('refuses a second phone of a type the user has, changing nothing', async () => {
    await assert.rejects(
      graph.client.api(phones(SAMPLE_USERS.adele)).post({ phoneType: 'mobile', phoneNumber: '+45 20999999' }),
      { statusCode: 409 },
    );
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.adele, 'mobile')?.phoneNumber, '+45 20123456');
  });
});
