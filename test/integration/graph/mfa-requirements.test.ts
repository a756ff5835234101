import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GraphRequestError } from '../../../src/graph/errors';
import { getPerUserMfaState, setPerUserMfaState } from '../../../src/graph/mfa-requirements';
import { type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const GRADY = '0b4c2a1e-3d5f-4a60-8b71-000000000041';
const PATTI = '0b4c2a1e-3d5f-4a60-8b71-000000000046';

describe('per-user MFA state (beta)', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it('reads the seeded states', async () => {
    assert.equal(await getPerUserMfaState(graph.client, SAMPLE_USERS.alex), 'disabled');
    assert.equal(await getPerUserMfaState(graph.client, GRADY), 'enabled');
    assert.equal(await getPerUserMfaState(graph.client, PATTI), 'enforced');
    assert.ok(graph.sim.requests.entries.every((entry) => entry.path.startsWith('/beta/')));
  });

  it('sets a state, and reads it back', async () => {
    await setPerUserMfaState(graph.client, SAMPLE_USERS.alex, 'enforced');
    assert.equal(graph.sim.state.perUserMfaState(SAMPLE_USERS.alex), 'enforced');
    assert.equal(await getPerUserMfaState(graph.client, SAMPLE_USERS.alex), 'enforced');
    assert.equal(graph.sim.requests.entries.find((entry) => entry.method === 'PATCH')?.status, 204);
  });

  it('is refused with an unknown state', async () => {
    await assert.rejects(
      graph.client
        .api(`/users/${SAMPLE_USERS.alex}/authentication/requirements`)
        .version('beta')
        .patch({ perUserMfaState: 'on' }),
      { statusCode: 400 },
    );
  });

  it('does not exist on v1.0', async () => {
    await assert.rejects(graph.client.api(`/users/${SAMPLE_USERS.alex}/authentication/requirements`).get(), {
      statusCode: 400,
      message: "Resource not found for the segment 'requirements'.",
    });
  });

  it('fails with a 404 GraphRequestError for an unknown user', async () => {
    await assert.rejects(
      getPerUserMfaState(graph.client, '0b4c2a1e-3d5f-4a60-8b71-999999999999'),
      (error: unknown) => {
        return error instanceof GraphRequestError && error.isNotFound;
      },
    );
  });
});
