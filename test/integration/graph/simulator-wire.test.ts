import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type GraphTestContext, SAMPLE_GROUPS, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

/** The simulator's own contract, at the HTTP level: error shapes, $batch, faults and /_sim/ control. */
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from the wire, checked field by field
type Json = any;
const json = async (response: Response): Promise<Json> => response.json();

describe('Graph simulator on the wire', () => {
  let graph: GraphTestContext;
  const get = (path: string) => fetch(`${graph.sim.url}${path}`);
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${graph.sim.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const batch = (requests: unknown[]) => send('POST', '/v1.0/$batch', { requests });

  before(async () => {
    graph = await startGraphForTest();
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it('serves without any Authorization header', async () => {
    const response = await get(`/v1.0/users/${SAMPLE_USERS.adele}`);
    assert.equal(response.status, 200);
    assert.equal((await json(response)).displayName, 'Adele Vance');
  });

  it('answers errors in Graph shape, with request ids', async () => {
    const response = await get('/v1.0/users/0b4c2a1e-3d5f-4a60-8b71-999999999999');
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    assert.ok(response.headers.get('request-id'));
    const { error } = await json(response);
    assert.equal(error.code, 'Request_ResourceNotFound');
    assert.match(error.message, /does not exist/);
    assert.match(error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    assert.ok(error.innerError['request-id']);
  });

  it('answers an unknown segment with 400, a wrong verb with 405 and a bad version with 400', async () => {
    const unknown = await get('/v1.0/planets/mars');
    assert.equal(unknown.status, 400);
    assert.equal((await json(unknown)).error.message, "Resource not found for the segment 'mars'.");
    assert.equal((await send('DELETE', `/v1.0/users/${SAMPLE_USERS.adele}`)).status, 405);
    assert.equal((await get(`/v2.0/users/${SAMPLE_USERS.adele}`)).status, 400);
    assert.equal(
      (await send('POST', `/v1.0/users/${SAMPLE_USERS.adele}/checkMemberGroups`, undefined)).status,
      400,
    );
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await fetch(`${graph.sim.url}/v1.0/$batch`, { method: 'POST', body: '{"requests": [' });
    assert.equal(response.status, 400);
  });

  it('runs $batch items one by one, each with its own status, headers and body', async () => {
    graph.sim.faults.inject({
      path: new RegExp(`/users/${SAMPLE_USERS.alex}$`),
      status: 429,
      retryAfterSeconds: 7,
    });
    const response = await batch([
      { id: '1', method: 'GET', url: `/users/${SAMPLE_USERS.adele}?$select=displayName` },
      { id: '2', method: 'GET', url: `users/${SAMPLE_USERS.alex}` },
      { id: '3', method: 'GET', url: '/users/0b4c2a1e-3d5f-4a60-8b71-999999999999' },
      { id: '4', method: 'GET', url: `/users/${SAMPLE_USERS.alex}/manager`, dependsOn: ['3'] },
    ]);
    assert.equal(response.status, 200);
    const { responses } = await json(response);
    const byId = new Map<string, Json>(responses.map((item: Json) => [item.id, item]));
    const [one, two, three, four] = ['1', '2', '3', '4'].map((id) => byId.get(id));
    assert.equal(one!.status, 200);
    assert.equal(one!.body.displayName, 'Adele Vance');
    assert.equal(one!.body.id, undefined, 'the item $select applied');
    assert.equal(two!.status, 429);
    assert.equal(two!.headers['Retry-After'], '7');
    assert.equal(two!.body.error.code, 'TooManyRequests');
    assert.equal(three!.status, 404);
    assert.equal(four!.status, 424, 'an item depending on a failed one is not run');
  });

  it('refuses more than 20 batch items, and malformed batches', async () => {
    const items = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `/users/${SAMPLE_USERS.adele}`,
    }));
    assert.equal((await batch(items)).status, 400);
    assert.equal((await batch([])).status, 400);
    assert.equal((await batch([{ id: '1', url: '/users/x' }])).status, 400);
    const duplicate = [
      { id: '1', method: 'GET', url: '/users/x' },
      { id: '1', method: 'GET', url: '/users/y' },
    ];
    assert.equal((await batch(duplicate)).status, 400);
  });

  it('throttles every k-th request in throttle mode', async () => {
    graph.sim.faults.throttleEvery(2, { retryAfterSeconds: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await get(`/v1.0/users/${SAMPLE_USERS.adele}`);
      statuses.push(response.status);
      if (response.status === 429) assert.equal(response.headers.get('retry-after'), '3');
      await response.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 429, 200, 429]);
  });

  it('logs method, path, query and status, never bodies', async () => {
    await send('POST', `/v1.0/users/${SAMPLE_USERS.diego}/authentication/phoneMethods`, {
      phoneType: 'mobile',
      phoneNumber: '+34 600000177',
    });
    const [entry] = graph.sim.requests.entries;
    assert.deepEqual(entry, {
      method: 'POST',
      path: `/v1.0/users/${SAMPLE_USERS.diego}/authentication/phoneMethods`,
      query: '',
      status: 201,
      batchItem: false,
    });
    assert.doesNotMatch(JSON.stringify(graph.sim.requests.entries), /600000177/);
  });
});

describe('Graph simulator /_sim/ control endpoints', () => {
  let graph: GraphTestContext;
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${graph.sim.url}/_sim${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  };

  before(async () => {
    graph = await startGraphForTest();
  });
  after(() => graph.close());

  it('summarises the tenant', async () => {
    const { status, body } = await control('GET', '/state');
    assert.equal(status, 200);
    assert.equal(body.users, 60);
    const allStaff = body.groups.find((group: { id: string }) => group.id === SAMPLE_GROUPS.allStaff);
    assert.equal(allStaff.transitiveUsers, 60);
    assert.ok(allStaff.directMembers < 60);
  });

  it('injects and clears faults for another process', async () => {
    const added = await control('POST', '/faults', {
      method: 'GET',
      path: '/users/[^/]+$',
      status: 503,
      times: 1,
    });
    assert.equal(added.status, 201);
    assert.equal((await fetch(`${graph.sim.url}/v1.0/users/${SAMPLE_USERS.alex}`)).status, 503);
    assert.equal((await fetch(`${graph.sim.url}/v1.0/users/${SAMPLE_USERS.alex}`)).status, 200);
    await control('POST', '/faults', { throttleEvery: 1, retryAfterSeconds: 2 });
    assert.equal((await fetch(`${graph.sim.url}/v1.0/users/${SAMPLE_USERS.alex}`)).status, 429);
    assert.equal((await control('DELETE', '/faults')).status, 204);
    assert.equal((await fetch(`${graph.sim.url}/v1.0/users/${SAMPLE_USERS.alex}`)).status, 200);
    assert.equal((await control('POST', '/faults', { status: 503 })).status, 400);
  });

  it('flips registered methods, and describes a user without showing numbers', async () => {
    const flipped = await control('POST', `/users/${SAMPLE_USERS.lidia}/methods`, {
      add: ['microsoftAuthenticatorPush'],
    });
    assert.equal(flipped.status, 200);
    assert.deepEqual(flipped.body.methodsRegistered, ['mobilePhone', 'microsoftAuthenticatorPush']);
    const user = await control('GET', `/users/${SAMPLE_USERS.lidia}`);
    assert.deepEqual(user.body.phoneTypes, ['mobile']);
    assert.equal(user.body.registration.userPreferredMethodForSecondaryAuthentication, 'push');
    assert.doesNotMatch(user.text, /612345678/);
    assert.equal(
      (await control('POST', `/users/${SAMPLE_USERS.lidia}/methods`, { add: ['carrierPigeon'] })).status,
      400,
    );
    assert.equal((await control('GET', '/users/nobody')).status, 404);
  });

  it('resets the tenant to its seed', async () => {
    graph.sim.state.setPhone(SAMPLE_USERS.diego, 'mobile', '+34 600000103');
    graph.sim.state.addMember(SAMPLE_GROUPS.enforcement, SAMPLE_USERS.diego);
    const state = graph.sim.state;
    assert.equal((await control('POST', '/reset')).status, 204);
    assert.equal(graph.sim.state, state, 'reset in place');
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.diego, 'mobile'), undefined);
    assert.equal(graph.sim.state.directMemberIds(SAMPLE_GROUPS.enforcement).length, 0);
    assert.deepEqual((await control('GET', '/requests')).body, { count: 0, entries: [] });
  });

  it('configures the reports throttle', async () => {
    const set = await control('PUT', '/registration-throttle', { requests: 1, windowMs: 60_000 });
    assert.deepEqual(set.body.registrationThrottle, { requests: 1, windowMs: 60_000 });
    const report = `${graph.sim.url}/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1`;
    assert.equal((await fetch(report)).status, 200);
    assert.equal((await fetch(report)).status, 429);
    await control('PUT', '/registration-throttle', { enabled: false });
    assert.equal((await fetch(report)).status, 200);
  });

  it('refuses a reports throttle it cannot enforce and keeps the one it had', async () => {
    await control('PUT', '/registration-throttle', { requests: 1, windowMs: 60_000 });
    for (const limit of [
      { requests: 0, windowMs: 10_000 },
      { requests: 2.5, windowMs: 10_000 },
      { requests: 5, windowMs: 0 },
    ]) {
      const refused = await control('PUT', '/registration-throttle', limit);
      assert.equal(refused.status, 400, JSON.stringify(limit));
      assert.match(refused.body.error.message, /requests must be a whole number of at least 1/);
    }
    assert.deepEqual((await control('GET', '/state')).body.registrationThrottle, {
      requests: 1,
      windowMs: 60_000,
    });
    const report = `${graph.sim.url}/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1`;
    assert.equal((await fetch(report)).status, 200);
    assert.equal((await fetch(report)).status, 429);
    await control('PUT', '/registration-throttle', { enabled: false });
  });
});
