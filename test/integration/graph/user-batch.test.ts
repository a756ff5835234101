import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadSampleTenant } from '../../../src/dev/graph-sim';
import { readUsersBatch, UserLookupError, type UserLookupResult } from '../../../src/graph/user-batch';
import { getUser } from '../../../src/graph/users';
import { type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const tenant = loadSampleTenant();
const GONE = '0b4c2a1e-3d5f-4a60-8b71-999999999999';
const GUEST_UPN = 'alice_fabrikam.com#EXT#@contoso.onmicrosoft.com';
const userPathOf = (idOrUpn: string) => new RegExp(`/users/${encodeURIComponent(idOrUpn)}$`, 'i');

function failure(result: UserLookupResult | undefined): UserLookupError {
  assert.ok(result instanceof UserLookupError, `expected a lookup error, got ${JSON.stringify(result)}`);
  return result;
}

describe('users through $batch (GET /users/{id | userPrincipalName})', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest({ tenant });
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it('reads every user, by object id or by UPN in any case, 20 per batch, as getUser would', async () => {
    // Half by id, half by UPN with its case changed: the simulator's $batch must route both.
    const asked = tenant.users.map((user, index) =>
      index % 2 ? user.id : user.userPrincipalName.toUpperCase(),
    );
    const results = await readUsersBatch(graph.client, asked);
    assert.equal(results.size, asked.length);
    for (const [index, user] of tenant.users.entries()) {
      const result = results.get(asked[index]!);
      assert.deepEqual(result, await getUser(graph.client, user.id), user.userPrincipalName);
    }
    graph.sim.requests.clear();
    await readUsersBatch(graph.client, asked);
    assert.equal(graph.sim.requests.matching(/\/\$batch$/).length, Math.ceil(asked.length / 20));
    const items = graph.sim.requests.entries.filter((entry) => entry.batchItem);
    assert.equal(items.length, asked.length);
    assert.ok(items.every((entry) => entry.method === 'GET' && entry.status === 200));
    assert.match(decodeURIComponent(items[0]!.query), /\$select=id,userPrincipalName,displayName,mail/);
  });

  it('encodes a guest UPN (#EXT#) so the directory sees the whole name', async () => {
    graph.sim.state.addUser({
      id: '0b4c2a1e-3d5f-4a60-8b71-0000000a11ce',
      userPrincipalName: GUEST_UPN,
      displayName: 'Alice (Fabrikam)',
      accountEnabled: true,
      isAdmin: false,
      phoneMethods: [],
      registeredMethods: [],
      perUserMfaState: 'disabled',
    });
    const results = await readUsersBatch(graph.client, [GUEST_UPN]);
    const guest = results.get(GUEST_UPN);
    assert.ok(guest && !(guest instanceof UserLookupError));
    assert.equal(guest.displayName, 'Alice (Fabrikam)');
  });

  it('reports a user the directory does not know (404 item) without failing the others', async () => {
    const results = await readUsersBatch(graph.client, [
      SAMPLE_USERS.adele,
      GONE,
      'ghost@contoso.onmicrosoft.com',
    ]);
    assert.equal((results.get(SAMPLE_USERS.adele) as { displayName: string }).displayName, 'Adele Vance');
    for (const missing of [GONE, 'ghost@contoso.onmicrosoft.com']) {
      const error = failure(results.get(missing));
      assert.equal(error.reason, 'not-found');
      assert.equal(error.code, 'Request_ResourceNotFound');
      assert.ok(error.isFinal);
    }
  });

  it('retries only a throttled item, after its own Retry-After, until it is read', async () => {
    graph.sim.faults.inject({
      method: 'GET',
      path: userPathOf(SAMPLE_USERS.alex),
      status: 429,
      times: 2,
      retryAfterSeconds: 1,
    });
    const results = await readUsersBatch(graph.client, [SAMPLE_USERS.adele, SAMPLE_USERS.alex]);
    assert.equal((results.get(SAMPLE_USERS.alex) as { displayName: string }).displayName, 'Alex Wilber');
    assert.deepEqual(
      graph.sim.requests.matching(userPathOf(SAMPLE_USERS.alex)).map((entry) => entry.status),
      [429, 429, 200],
    );
    assert.equal(graph.sim.requests.matching(userPathOf(SAMPLE_USERS.adele)).length, 1);
  });

  it('gives up on an item throttled past the attempt limit (not final), and calls a 400 item final', async () => {
    graph.sim.faults.inject({
      path: userPathOf(SAMPLE_USERS.lidia),
      status: 429,
      times: 100,
      retryAfterSeconds: 0,
    });
    graph.sim.faults.inject({ path: userPathOf(SAMPLE_USERS.diego), status: 400, times: 1 });
    const results = await readUsersBatch(graph.client, [SAMPLE_USERS.lidia, SAMPLE_USERS.diego], {
      maxAttempts: 3,
    });
    const throttled = failure(results.get(SAMPLE_USERS.lidia));
    assert.equal(throttled.reason, 'throttled');
    assert.equal(throttled.isFinal, false);
    assert.equal(graph.sim.requests.matching(userPathOf(SAMPLE_USERS.lidia)).length, 3);
    const rejected = failure(results.get(SAMPLE_USERS.diego));
    assert.equal(rejected.reason, 'rejected');
    assert.ok(rejected.isFinal);
  });
});
