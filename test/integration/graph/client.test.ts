import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGraphClient, GraphConfigError } from '../../../src/graph/client';
import { GraphRequestError } from '../../../src/graph/errors';
import { getUser } from '../../../src/graph/users';
import { type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const NO_CREDENTIALS = { GRAPH_TENANT_ID: '', GRAPH_CLIENT_ID: '', GRAPH_CLIENT_SECRET: '' };

describe('createGraphClient', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  after(() => graph.close());

  it('talks to the simulator without credentials, with or without a trailing slash', async () => {
    const client = createGraphClient({ ...NO_CREDENTIALS, GRAPH_BASE_URL: `${graph.sim.url}/` });
    assert.equal((await getUser(client, SAMPLE_USERS.diego))?.displayName, 'Diego Siciliani');
  });

  it('with credentials, still asks no token for a plain-http local host', async () => {
    // A token request would go to login.microsoftonline.com and fail here: success proves none was made.
    const client = createGraphClient({
      GRAPH_BASE_URL: graph.sim.url,
      GRAPH_TENANT_ID: '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b',
      GRAPH_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
      GRAPH_CLIENT_SECRET: 'not-a-real-secret',
    });
    assert.equal((await getUser(client, SAMPLE_USERS.alex))?.displayName, 'Alex Wilber');
  });

  it('refuses half-configured credentials', () => {
    assert.throws(
      () => createGraphClient({ ...NO_CREDENTIALS, GRAPH_BASE_URL: graph.sim.url, GRAPH_CLIENT_ID: 'x' }),
      GraphConfigError,
    );
  });

  it('keeps the SDK retry handler, which can be turned off', async () => {
    const path = new RegExp(`/users/${SAMPLE_USERS.isaiah}$`);
    graph.sim.faults.inject({ path, status: 429, times: 1, retryAfterSeconds: 0 });
    assert.equal((await getUser(graph.client, SAMPLE_USERS.isaiah))?.displayName, 'Isaiah Langer');
    assert.deepEqual(
      graph.sim.requests.matching(path).map((entry) => entry.status),
      [429, 200],
    );
    graph.sim.faults.inject({ path, status: 429, times: 1, retryAfterSeconds: 2 });
    const noRetry = graph.newClient({ maxRetries: 0 });
    await assert.rejects(getUser(noRetry, SAMPLE_USERS.isaiah), (error: unknown) => {
      assert.ok(error instanceof GraphRequestError);
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterMs, 2000);
      assert.ok(error.isThrottled && error.isTransient);
      return true;
    });
  });
});
