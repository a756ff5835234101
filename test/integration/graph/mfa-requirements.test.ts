import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GraphRequestError } from '../../../src/graph/errors';
import {
  getPerUserMfaState,
  setPerUserMfaState,
  setPerUserMfaStates,
} from '../../../src/graph/mfa-requirements';
import { countingPacer, type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

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

  it('sets many users at once through beta $batch, each user with an outcome, each PATCH a paced write', async () => {
    const pacer = countingPacer();
    graph.sim.faults.inject({
      method: 'PATCH',
      path: new RegExp(`${GRADY}/authentication/requirements$`),
      status: 429,
      retryAfterSeconds: 0,
    });
    const outcomes = await setPerUserMfaStates(
      graph.client,
      [
        { userId: SAMPLE_USERS.alex, state: 'enforced' },
        { userId: GRADY, state: 'enforced' },
        { userId: PATTI, state: 'disabled' },
        { userId: '0b4c2a1e-3d5f-4a60-8b71-999999999999', state: 'enforced' },
      ],
      { pacer },
    );
    assert.deepEqual(Object.fromEntries([...outcomes].map(([id, outcome]) => [id, outcome.status])), {
      [SAMPLE_USERS.alex]: 'set',
      [GRADY]: 'set',
      [PATTI]: 'set',
      '0b4c2a1e-3d5f-4a60-8b71-999999999999': 'user-not-found',
    });
    assert.equal(graph.sim.state.perUserMfaState(SAMPLE_USERS.alex), 'enforced');
    assert.equal(graph.sim.state.perUserMfaState(GRADY), 'enforced');
    assert.equal(graph.sim.state.perUserMfaState(PATTI), 'disabled');
    assert.deepEqual(pacer.takes, [4, 1]);
    assert.ok(graph.sim.requests.matching(/\$batch$/).every((entry) => entry.path === '/beta/$batch'));
  });
});
