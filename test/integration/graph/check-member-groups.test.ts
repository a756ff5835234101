import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkMemberGroups } from '../../../src/graph/check-member-groups';
import { GraphRequestError } from '../../../src/graph/errors';
import { type GraphTestContext, SAMPLE_GROUPS, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const LYNNE = '0b4c2a1e-3d5f-4a60-8b71-000000000022'; // Finance only, in All Staff through the nesting
const ALL = [
  SAMPLE_GROUPS.pilot,
  SAMPLE_GROUPS.finance,
  SAMPLE_GROUPS.allStaff,
  SAMPLE_GROUPS.admins,
  SAMPLE_GROUPS.enforcement,
];

describe('checkMemberGroups', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  after(() => graph.close());

  it('answers with the groups the user is in, nested membership included', async () => {
    assert.equal(graph.sim.state.isDirectMember(SAMPLE_GROUPS.allStaff, LYNNE), false);
    assert.deepEqual(await checkMemberGroups(graph.client, LYNNE, ALL), [
      SAMPLE_GROUPS.finance,
      SAMPLE_GROUPS.allStaff,
    ]);
    assert.deepEqual(await checkMemberGroups(graph.client, SAMPLE_USERS.adele, ALL), [
      SAMPLE_GROUPS.pilot,
      SAMPLE_GROUPS.allStaff,
      SAMPLE_GROUPS.admins,
    ]);
    assert.deepEqual(await checkMemberGroups(graph.client, SAMPLE_USERS.alex, [SAMPLE_GROUPS.admins]), []);
  });

  it('returns the ids as given, whatever case Graph uses', async () => {
    const upper = SAMPLE_GROUPS.admins.toUpperCase();
    assert.deepEqual(await checkMemberGroups(graph.client, SAMPLE_USERS.adele, [upper]), [upper]);
  });

  it('splits more than 20 group ids over several calls', async () => {
    const before_ = graph.sim.requests.matching(/checkMemberGroups$/).length;
    const unknown = Array.from(
      { length: 24 },
      (_, i) => `9a0e1b2c-9999-4999-8999-${String(i).padStart(12, '0')}`,
    );
    const result = await checkMemberGroups(graph.client, SAMPLE_USERS.adele, [
      ...unknown,
      SAMPLE_GROUPS.admins,
    ]);
    assert.deepEqual(result, [SAMPLE_GROUPS.admins]);
    assert.equal(graph.sim.requests.matching(/checkMemberGroups$/).length - before_, 2);
  });

  it('sends nothing for no groups, and a missing user is a 404 GraphRequestError', async () => {
    const before_ = graph.sim.requests.count;
    assert.deepEqual(await checkMemberGroups(graph.client, SAMPLE_USERS.adele, []), []);
    assert.equal(graph.sim.requests.count, before_);
    await assert.rejects(
      checkMemberGroups(graph.client, '0b4c2a1e-3d5f-4a60-8b71-999999999999', ALL),
      (error: unknown) => {
        return error instanceof GraphRequestError && error.isNotFound;
      },
    );
  });
});
