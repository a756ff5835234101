import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadSampleTenant } from '../../../src/dev/graph-sim';
import { addMembers, removeMember, removeMembers } from '../../../src/graph/group-membership';
import {
  type CountingPacer,
  countingPacer,
  type GraphTestContext,
  SAMPLE_GROUPS,
  SAMPLE_USERS,
  startGraphForTest,
} from '../../support/graph';

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
  let pacer: CountingPacer;
  beforeEach(() => {
    graph.sim.reset();
    pacer = countingPacer();
  });
  after(() => graph.close());

  it('adds everybody in chunks of 20 with members@odata.bind, the chunks as items of one $batch', async () => {
    const outcomes = await addMembers(graph.client, ENFORCED, allIds, { pacer });
    assert.equal(outcomes.size, allIds.length);
    assert.ok([...outcomes.values()].every((outcome) => outcome.status === 'added'));
    assert.deepEqual(
      graph.sim.requests.matching(GROUP_PATH).map((entry) => `${entry.method} ${entry.status}`),
      ['PATCH 204', 'PATCH 204', 'PATCH 204'],
    );
    assert.ok(graph.sim.requests.matching(GROUP_PATH).every((entry) => entry.batchItem));
    assert.equal(graph.sim.requests.matching(/\/\$batch$/).length, 1);
    assert.deepEqual(pacer.takes, [3]);
    assert.equal(graph.sim.requests.matching(REF_PATH).length, 0);
    assert.equal(graph.sim.state.directMemberIds(ENFORCED).length, allIds.length);
  });

  it('falls back to one-by-one for a chunk holding an existing member, which counts as success', async () => {
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.alex);
    const chunk = allIds.slice(0, 20);
    const outcomes = await addMembers(graph.client, ENFORCED, chunk, { pacer });
    assert.deepEqual(outcomes.get(SAMPLE_USERS.alex), { status: 'already-member' });
    assert.equal([...outcomes.values()].filter((outcome) => outcome.status === 'added').length, 19);
    assert.deepEqual(
      graph.sim.requests.matching(GROUP_PATH).map((entry) => entry.status),
      [400],
    );
    assert.equal(graph.sim.requests.matching(REF_PATH).length, 20);
    assert.equal(pacer.total, 21, 'the refused PATCH and every $ref POST are writes');
    for (const id of chunk) assert.ok(graph.sim.state.isDirectMember(ENFORCED, id), id);
  });

  it('reports an unknown user as not-found and still adds the others', async () => {
    const outcomes = await addMembers(
      graph.client,
      ENFORCED,
      [SAMPLE_USERS.adele, GONE, SAMPLE_USERS.lidia],
      {
        pacer,
      },
    );
    assert.equal(outcomes.get(GONE)?.status, 'not-found');
    assert.equal(outcomes.get(SAMPLE_USERS.adele)?.status, 'added');
    assert.equal(outcomes.get(SAMPLE_USERS.lidia)?.status, 'added');
    assert.deepEqual(graph.sim.state.directMemberIds(ENFORCED).length, 2);
  });

  it('gives every user of a chunk a failed outcome when Graph refuses the chunk outright', async () => {
    graph.sim.faults.inject({ method: 'PATCH', path: GROUP_PATH, status: 403 });
    const outcomes = await addMembers(graph.client, ENFORCED, allIds.slice(0, 25), { pacer });
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
      statusCode: 404,
    });
    assert.deepEqual(graph.sim.state.directMemberIds(ENFORCED), [SAMPLE_USERS.alex]);
  });

  it('is refused by Graph above 20 binds per request', async () => {
    await assert.rejects(graph.client.api(`/groups/${ENFORCED}`).patch(bind(allIds.slice(0, 21))), {
      statusCode: 400,
    });
    assert.equal(graph.sim.state.directMemberIds(ENFORCED).length, 0);
  });

  it('retries a throttled chunk after its own Retry-After while the other chunks keep their answers', async () => {
    graph.sim.faults.inject({ method: 'PATCH', path: GROUP_PATH, status: 429, retryAfterSeconds: 1 });
    const outcomes = await addMembers(graph.client, ENFORCED, allIds, { pacer });
    assert.ok([...outcomes.values()].every((outcome) => outcome.status === 'added'));
    assert.deepEqual(
      graph.sim.requests.matching(GROUP_PATH).map((entry) => entry.status),
      [429, 204, 204, 204],
    );
    assert.deepEqual(pacer.takes, [3, 1], 'the retry takes its write from the pacer again');
    assert.equal(graph.sim.state.directMemberIds(ENFORCED).length, allIds.length);
  });

  it('removes many members through $batch, a non-member being not-member', async () => {
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.alex);
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.adele);
    const outcomes = await removeMembers(
      graph.client,
      ENFORCED,
      [SAMPLE_USERS.alex, SAMPLE_USERS.adele, SAMPLE_USERS.lidia],
      {
        pacer,
      },
    );
    assert.deepEqual(Object.fromEntries(outcomes), {
      [SAMPLE_USERS.alex]: { status: 'removed' },
      [SAMPLE_USERS.adele]: { status: 'removed' },
      [SAMPLE_USERS.lidia]: { status: 'not-member' },
    });
    assert.deepEqual(graph.sim.state.directMemberIds(ENFORCED), []);
    assert.deepEqual(pacer.takes, [3]);
    assert.ok(graph.sim.requests.matching(/\/members\/[^/]+\/\$ref$/).every((entry) => entry.batchItem));
  });

  it('removes a member, and says so when there was none', async () => {
    graph.sim.state.addMember(ENFORCED, SAMPLE_USERS.alex);
    assert.equal(await removeMember(graph.client, ENFORCED, SAMPLE_USERS.alex), 'removed');
    assert.equal(await removeMember(graph.client, ENFORCED, SAMPLE_USERS.alex), 'not-member');
    assert.equal(graph.sim.state.isDirectMember(ENFORCED, SAMPLE_USERS.alex), false);
  });
});
