import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadSampleTenant } from '../../../src/dev/graph-sim';
import { addMembers, removeMember } from '../../../src/graph/group-membership';
import { type GraphTestContext, SAMPLE_GROUPS, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const tenant = loadSampleTenant();
const allIds = tenant.users.map((user) => user.id);
const ENFORCED = SAMPLE_GROUPS.enforcement;
const GROUP_PATH = new RegExp(`/groups/${ENFORCED}$`);
const REF_PATH = new RegExp(`/groups/${ENFORCED}/members/\\$ref$`);
const GONE = '0b4c2a1e-3d5f-4a60-8b71-999999999999';
const bind = (ids: string[]) => ({
  'members@odata.bind': ids.map((id) => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`),
});

describe('adding users to the enforcement group', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it('adds everybody in chunks of 20 with members@odata.bind', async () => {
    const outcomes = await addMembers(graph.client, ENFORCED, allIds);
    assert.equal(outcomes.size, allIds.length);
    assert.ok([...outcomes.values()].every((outcome) => outcome.status === 'added'));
    assert.deepEqual(
      graph.sim.requests.matching(GROUP_PATH).map((entry) => `${entry.method} ${entry.status}`),
      ['PATCH 204', 'PATCH 204', 'PATCH 204'],
    );
    assert.equal(graph.sim.requests.matching(REF_PATH).length, 0);
    assert.equal(graph.sim.state.directMemberIds(ENFORCED).length, allIds.length);
  });

  it('falls back to one-by-one for a chunk holding an existing member, which counts as success', async () => {
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.alex);
    const chunk = allIds.slice(0, 20);
    const outcomes = await addMembers(graph.client, ENFORCED, chunk);
    assert.deepEqual(outcomes.get(SAMPLE_USERS.alex), { status: 'already-member' });
    assert.equal([...outcomes.values()].filter((outcome) => outcome.status === 'added').length, 19);
    assert.deepEqual(
      graph.sim.requests.matching(GROUP_PATH).map((entry) => entry.status),
      [400],
    );
    assert.equal(graph.sim.requests.matching(REF_PATH).length, 20);
    for (const id of chunk) assert.ok(graph.sim.state.isDirectMember(ENFORCED, id), id);
  });

  it('reports an unknown user as not-found and still adds the others', async () => {
    const outcomes = await addMembers(graph.client, ENFORCED, [SAMPLE_USERS.adele, GONE, SAMPLE_USERS.lidia]);
    assert.equal(outcomes.get(GONE)?.status, 'not-found');
    assert.equal(outcomes.get(SAMPLE_USERS.adele)?.status, 'added');
    assert.equal(outcomes.get(SAMPLE_USERS.lidia)?.status, 'added');
    assert.deepEqual(graph.sim.state.directMemberIds(ENFORCED).length, 2);
  });

  it('gives every user of a chunk a failed outcome when Graph refuses the chunk outright', async () => {
    graph.sim.faults.inject({ method: 'PATCH', path: GROUP_PATH, status: 403 });
    const outcomes = await addMembers(graph.client, ENFORCED, allIds.slice(0, 25));
    const first = [...outcomes.entries()].slice(0, 20);
    assert.ok(first.every(([, outcome]) => outcome.status === 'failed' && outcome.error?.status === 403));
    assert.ok(allIds.slice(20, 25).every((id) => outcomes.get(id)?.status === 'added'));
  });

  it('is all or nothing in Graph: one existing member leaves the group unchanged', async () => {
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.alex);
    await assert.rejects(
      graph.client.api(`/groups/${ENFORCED}`).patch(bind([SAMPLE_USERS.adele, SAMPLE_USERS.alex])),
      {
        statusCode: 400,
        code: 'Request_BadRequest',
      },
    );
    await assert.rejects(graph.client.api(`/groups/${ENFORCED}`).patch(bind([SAMPLE_USERS.adele, GONE])), {
      statusCode: 400,
    });
    assert.deepEqual(graph.sim.state.directMemberIds(ENFORCED), [SAMPLE_USERS.alex]);
  });

  it('is refused by Graph above 20 binds per request', async () => {
    await assert.rejects(graph.client.api(`/groups/${ENFORCED}`).patch(bind(allIds.slice(0, 21))), {
      statusCode: 400,
    });
    assert.equal(graph.sim.state.directMemberIds(ENFORCED).length, 0);
  });

  it('removes a member, and says so when there was none', async () => {
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.alex);
    assert.equal(await removeMember(graph.client, ENFORCED, SAMPLE_USERS.alex), 'removed');
    assert.equal(await removeMember(graph.client, ENFORCED, SAMPLE_USERS.alex), 'not-member');
    assert.equal(graph.sim.state.isDirectMember(ENFORCED, SAMPLE_USERS.alex), false);
  });
});
