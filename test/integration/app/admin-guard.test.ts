import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminGuard } from '../../../src/app/admin-guard';
import { GraphRequestError } from '../../../src/graph/errors';
import { type GraphTestContext, SAMPLE_GROUPS, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

/** Who may run admin commands, read from Graph (checkMemberGroups) through the real client. */
describe('AdminGuard (Graph simulator)', () => {
  let graph: GraphTestContext;

  before(async () => {
    graph = await startGraphForTest();
  });
  after(() => graph.close());

  const guard = (adminUserIds: string[] = []) =>
    new AdminGuard({ adminUserIds, adminGroupId: SAMPLE_GROUPS.admins }, graph.client);

  it('an admin group member is an admin; another user is not', async () => {
    assert.equal(await guard().isAdmin(SAMPLE_USERS.adele), true);
    assert.equal(await guard().isAdmin(SAMPLE_USERS.alex), false);
  });

  it('a listed admin is one without asking Graph', async () => {
    const before = graph.sim.requests.count;
    assert.equal(await guard([SAMPLE_USERS.alex]).isAdmin(SAMPLE_USERS.alex), true);
    assert.equal(graph.sim.requests.count, before);
  });

  it('a user the directory does not know is not an admin, instead of failing the turn', async () => {
    assert.equal(await guard().isAdmin('00000000-0000-4000-8000-00000000dead'), false);
  });

  it('any other Graph failure is not taken for "not an admin"', async () => {
    graph.sim.faults.inject({ method: 'POST', path: /checkMemberGroups/, status: 403, times: 1 });
    await assert.rejects(guard().isAdmin(SAMPLE_USERS.lidia), (error) => {
      assert.ok(error instanceof GraphRequestError);
      assert.equal(error.status, 403);
      return true;
    });
  });
});
