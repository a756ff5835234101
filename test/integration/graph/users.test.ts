import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GraphRequestError } from '../../../src/graph/errors';
import { getManager, getUser } from '../../../src/graph/users';
import { type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

describe('graph users', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it('reads a user by id as a DirectoryUser', async () => {
    assert.deepEqual(await getUser(graph.client, SAMPLE_USERS.adele), {
      id: SAMPLE_USERS.adele,
      userPrincipalName: 'AdeleV@contoso.onmicrosoft.com',
      displayName: 'Adele Vance',
      mail: 'AdeleV@contoso.onmicrosoft.com',
      usageLocation: 'DK',
      preferredLanguage: 'en-US',
      accountEnabled: true,
    });
  });

  it('reads a user by userPrincipalName, whatever its case', async () => {
    const user = await getUser(graph.client, 'isaiahl@CONTOSO.onmicrosoft.com');
    assert.equal(user?.id, SAMPLE_USERS.isaiah);
    assert.equal(user?.preferredLanguage, 'de-DE');
  });

  it('asks Graph for the properties it maps ($select), which Graph does not return by default', async () => {
    await getUser(graph.client, SAMPLE_USERS.alex);
    const [logged] = graph.sim.requests.matching(new RegExp(`/users/${SAMPLE_USERS.alex}$`));
    assert.match(
      decodeURIComponent(logged?.query ?? ''),
      /\$select=id,userPrincipalName,displayName,mail,usageLocation/,
    );
    const unselected = await graph.client.api(`/users/${SAMPLE_USERS.alex}`).get();
    assert.equal('accountEnabled' in unselected, false);
    assert.equal('usageLocation' in unselected, false);
    const selected = await graph.client
      .api(`/users/${SAMPLE_USERS.alex}`)
      .select(['id', 'displayName'])
      .get();
    assert.deepEqual(
      Object.keys(selected).filter((key) => !key.startsWith('@')),
      ['id', 'displayName'],
    );
  });

  it('refuses an unknown property in $select with 400', async () => {
    await assert.rejects(graph.client.api(`/users/${SAMPLE_USERS.alex}`).select(['id', 'shoeSize']).get(), {
      statusCode: 400,
      code: 'Request_BadRequest',
    });
  });

  it('reports a disabled account', async () => {
    const user = await getUser(graph.client, 'MadsN@contoso.onmicrosoft.com');
    assert.equal(user?.accountEnabled, false);
  });

  it('returns undefined for a user that does not exist (Graph 404)', async () => {
    assert.equal(await getUser(graph.client, '0b4c2a1e-3d5f-4a60-8b71-999999999999'), undefined);
    assert.equal(graph.sim.requests.entries.at(-1)?.status, 404);
  });

  it('reads the manager, and undefined when there is none', async () => {
    const manager = await getManager(graph.client, SAMPLE_USERS.alex);
    assert.equal(manager?.displayName, 'Megan Bowen');
    assert.equal(await getManager(graph.client, SAMPLE_USERS.adele), undefined);
  });

  it('lets the SDK retry a transient 503 and succeeds', async () => {
    graph.sim.faults.inject({
      method: 'GET',
      path: new RegExp(`/users/${SAMPLE_USERS.lidia}$`),
      status: 503,
      retryAfterSeconds: 0,
    });
    const user = await getUser(graph.client, SAMPLE_USERS.lidia);
    assert.equal(user?.displayName, 'Lidia Holloway');
    assert.deepEqual(
      graph.sim.requests.matching(new RegExp(`/users/${SAMPLE_USERS.lidia}$`)).map((entry) => entry.status),
      [503, 200],
    );
  });

  it('surfaces other failures as GraphRequestError with status and code', async () => {
    graph.sim.faults.inject({ path: /\/users\//, status: 403 });
    await assert.rejects(getUser(graph.client, SAMPLE_USERS.alex), (error: unknown) => {
      assert.ok(error instanceof GraphRequestError);
      assert.equal(error.status, 403);
      assert.equal(error.code, 'Authorization_RequestDenied');
      return true;
    });
  });
});
