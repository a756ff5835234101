import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadSampleTenant } from '../../../src/dev/graph-sim';
import { PhoneReadError, readPhoneMethodsBatch } from '../../../src/graph/phone-batch';
import type { PhoneMethod } from '../../../src/rollout/directory';
import { type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const tenant = loadSampleTenant();
const allIds = tenant.users.map((user) => user.id);
const GONE = '0b4c2a1e-3d5f-4a60-8b71-999999999999';
const phonesOf = (path: string) => new RegExp(`/users/${path}/authentication/phoneMethods$`);

function numbers(result: PhoneMethod[] | PhoneReadError | undefined): string[] {
  assert.ok(Array.isArray(result), `expected methods, got ${String(result)}`);
  return result.map((method) => `${method.phoneType}:${method.phoneNumber}`);
}

function expected(userId: string): string[] {
  const order = ['mobile', 'alternateMobile', 'office'];
  const user = tenant.users.find((candidate) => candidate.id === userId)!;
  return [...user.phoneMethods]
    .sort((a, b) => order.indexOf(a.phoneType) - order.indexOf(b.phoneType))
    .map((phone) => `${phone.phoneType}:${phone.phoneNumber}`);
}

describe('phone methods through $batch', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest({ tenant });
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it('reads every user in batches of 20', async () => {
    const results = await readPhoneMethodsBatch(graph.client, allIds);
    assert.equal(results.size, allIds.length);
    for (const id of allIds) assert.deepEqual(numbers(results.get(id)), expected(id), id);
    assert.equal(graph.sim.requests.matching(/\/\$batch$/).length, Math.ceil(allIds.length / 20));
    assert.equal(graph.sim.requests.entries.filter((entry) => entry.batchItem).length, allIds.length);
  });

  it('retries only the throttled items, each after its own Retry-After, until all are read', async () => {
    const throttled = [SAMPLE_USERS.alex, SAMPLE_USERS.isaiah, tenant.users[41]!.id];
    for (const id of throttled) {
      graph.sim.faults.inject({
        method: 'GET',
        path: phonesOf(id),
        status: 429,
        times: 2,
        retryAfterSeconds: 1,
      });
    }
    const results = await readPhoneMethodsBatch(graph.client, allIds);
    for (const id of allIds) assert.deepEqual(numbers(results.get(id)), expected(id), id);
    for (const id of throttled) {
      assert.deepEqual(
        graph.sim.requests.matching(phonesOf(id)).map((entry) => entry.status),
        [429, 429, 200],
      );
    }
    // Users that were not throttled were read once.
    assert.equal(graph.sim.requests.matching(phonesOf(SAMPLE_USERS.adele)).length, 1);
  });

  it('copes with a tenant-wide throttle that hits every third item', async () => {
    graph.sim.faults.throttleEvery(3, { retryAfterSeconds: 0, path: /phoneMethods$/ });
    const results = await readPhoneMethodsBatch(graph.client, allIds, { maxAttempts: 10 });
    for (const id of allIds) assert.deepEqual(numbers(results.get(id)), expected(id), id);
    assert.ok(
      graph.sim.requests.entries.filter((entry) => entry.batchItem && entry.status === 429).length >= 20,
    );
  });

  it('gives up on an item throttled past the attempt limit, keeping the others', async () => {
    graph.sim.faults.inject({
      path: phonesOf(SAMPLE_USERS.lidia),
      status: 429,
      times: 100,
      retryAfterSeconds: 0,
    });
    const results = await readPhoneMethodsBatch(graph.client, [SAMPLE_USERS.adele, SAMPLE_USERS.lidia], {
      maxAttempts: 3,
    });
    assert.deepEqual(numbers(results.get(SAMPLE_USERS.adele)), ['mobile:+45 20123456']);
    const failure = results.get(SAMPLE_USERS.lidia);
    assert.ok(failure instanceof PhoneReadError);
    assert.equal(failure.reason, 'throttled');
    assert.equal(failure.status, 429);
    assert.equal(graph.sim.requests.matching(phonesOf(SAMPLE_USERS.lidia)).length, 3);
  });

  it('reports a user that is gone (404 item) and an empty list for a user without phones', async () => {
    const results = await readPhoneMethodsBatch(graph.client, [SAMPLE_USERS.diego, GONE]);
    assert.deepEqual(results.get(SAMPLE_USERS.diego), []);
    const gone = results.get(GONE);
    assert.ok(gone instanceof PhoneReadError);
    assert.equal(gone.reason, 'user-not-found');
    assert.equal(gone.code, 'Request_ResourceNotFound');
  });

  it('reads each user once even when asked twice, and sends nothing for no users', async () => {
    const results = await readPhoneMethodsBatch(graph.client, [SAMPLE_USERS.adele, SAMPLE_USERS.adele]);
    assert.equal(results.size, 1);
    assert.equal(graph.sim.requests.entries.filter((entry) => entry.batchItem).length, 1);
    assert.equal((await readPhoneMethodsBatch(graph.client, [])).size, 0);
    assert.equal(graph.sim.requests.matching(/\$batch$/).length, 1);
  });

  it('is refused by Graph above 20 requests per batch', async () => {
    const requests = allIds.slice(0, 21).map((id, index) => ({
      id: String(index),
      method: 'GET',
      url: `/users/${id}/authentication/phoneMethods`,
    }));
    await assert.rejects(graph.client.api('/$batch').post({ requests }), { statusCode: 400 });
  });
});
