import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GENERATED_GROUP_ID, generateTenant, loadSampleTenant } from '../../../src/dev/graph-sim';
import { GraphRequestError } from '../../../src/graph/errors';
import { getGroupName, listGroupUserPages } from '../../../src/graph/group-members';
import { type GraphTestContext, SAMPLE_GROUPS, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const GROUP_SIZE = 2500;
const PAGE_PATH = /\/transitiveMembers\/microsoft\.graph\.user$/;

describe('group members (transitive, paged) on a large group', () => {
  const tenant = generateTenant(GROUP_SIZE);
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest({ tenant });
  });
  after(() => graph.close());

  it('reads every user once, in pages of at most 999, following @odata.nextLink', async () => {
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of listGroupUserPages(graph.client, GENERATED_GROUP_ID)) {
      sizes.push(page.users.length);
      ids.push(...page.users.map((user) => user.id));
      if (page.nextLink)
        assert.ok(page.nextLink.startsWith(`${graph.sim.url}/v1.0/`), 'absolute link to the simulator');
    }
    assert.deepEqual(sizes, [999, 999, 502]);
    assert.equal(new Set(ids).size, GROUP_SIZE);
    assert.deepEqual(new Set(ids), new Set(tenant.users.map((user) => user.id)));
    const requests = graph.sim.requests.matching(PAGE_PATH);
    assert.equal(requests.length, 3);
    assert.match(decodeURIComponent(requests[0]!.query), /\$top=999/);
    assert.match(decodeURIComponent(requests[0]!.query), /\$select=id,userPrincipalName/);
  });

  it('maps users with the selected properties', async () => {
    const first = await listGroupUserPages(graph.client, GENERATED_GROUP_ID, { pageSize: 1 }).next();
    assert.equal(first.done, false);
    const [user] = first.value!.users;
    assert.deepEqual(user, {
      id: tenant.users[0]!.id,
      userPrincipalName: tenant.users[0]!.userPrincipalName,
      displayName: tenant.users[0]!.displayName,
      mail: tenant.users[0]!.mail,
      usageLocation: tenant.users[0]!.usageLocation,
      preferredLanguage: tenant.users[0]!.preferredLanguage,
      accountEnabled: true,
    });
  });

  it('resumes from a saved nextLink without re-reading earlier pages', async () => {
    const pages = listGroupUserPages(graph.client, GENERATED_GROUP_ID, { pageSize: 800 });
    const first = (await pages.next()).value!;
    await pages.return(undefined);
    const rest: string[] = [];
    for await (const page of listGroupUserPages(graph.client, GENERATED_GROUP_ID, {
      startAt: first.nextLink,
    })) {
      rest.push(...page.users.map((user) => user.id));
    }
    assert.equal(rest.length, GROUP_SIZE - 800);
    assert.equal(rest[0], tenant.users[800]!.id);
    assert.equal(new Set([...first.users.map((user) => user.id), ...rest]).size, GROUP_SIZE);
  });

  it('is refused by Graph above 999 per page', async () => {
    await assert.rejects(
      graph.client
        .api(`/groups/${GENERATED_GROUP_ID}/transitiveMembers/microsoft.graph.user`)
        .top(1000)
        .get(),
      { statusCode: 400 },
    );
  });
});

describe('group members with nested groups', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  after(() => graph.close());

  it('includes users of nested groups, each once', async () => {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of listGroupUserPages(graph.client, SAMPLE_GROUPS.allStaff, { pageSize: 7 })) {
      pages++;
      assert.ok(page.users.length <= 7);
      ids.push(...page.users.map((user) => user.id));
    }
    const everyone = loadSampleTenant().users.map((user) => user.id);
    assert.equal(ids.length, everyone.length);
    assert.deepEqual(new Set(ids), new Set(everyone));
    assert.equal(pages, Math.ceil(everyone.length / 7));
    assert.ok(ids.includes(SAMPLE_USERS.breakGlass));
  });

  it('sees membership changes made in the tenant', async () => {
    const before_ = (await listGroupUserPages(graph.client, SAMPLE_GROUPS.pilot).next()).value!.users.length;
    graph.sim.state.addMember(SAMPLE_GROUPS.pilot, SAMPLE_GROUPS.finance);
    const after_ = (await listGroupUserPages(graph.client, SAMPLE_GROUPS.pilot).next()).value!.users.length;
    assert.equal(after_, before_ + 20);
    graph.sim.state.removeMember(SAMPLE_GROUPS.pilot, SAMPLE_GROUPS.finance);
  });

  it('lists direct members (users and nested groups) with paging', async () => {
    const seen: Array<{ '@odata.type': string; id: string }> = [];
    let request = graph.client
      .api(`/groups/${SAMPLE_GROUPS.allStaff}/members`)
      .select(['id', 'displayName'])
      .top(10);
    for (;;) {
      const body = await request.get();
      seen.push(...body.value);
      const next: string | undefined = body['@odata.nextLink'];
      if (!next) break;
      request = graph.client.api(next.slice(`${graph.sim.url}/v1.0`.length));
    }
    const direct = graph.sim.state.directMemberIds(SAMPLE_GROUPS.allStaff);
    assert.equal(seen.length, direct.length);
    assert.deepEqual(
      seen.filter((member) => member['@odata.type'] === '#microsoft.graph.group').map((member) => member.id),
      [SAMPLE_GROUPS.finance],
    );
  });

  it('names the group, and a missing group is a 404 GraphRequestError', async () => {
    assert.equal(await getGroupName(graph.client, SAMPLE_GROUPS.pilot), 'MFA Pilot');
    const missing = '9a0e1b2c-1111-4111-8111-999999999999';
    await assert.rejects(getGroupName(graph.client, missing), (error: unknown) => {
      return error instanceof GraphRequestError && error.isNotFound;
    });
    await assert.rejects(listGroupUserPages(graph.client, missing).next(), (error: unknown) => {
      return (
        error instanceof GraphRequestError &&
        error.status === 404 &&
        error.code === 'Request_ResourceNotFound'
      );
    });
  });

  it('answers a group id that is not a GUID as Graph does: 400 Invalid object identifier', async () => {
    await assert.rejects(getGroupName(graph.client, 'finance-team'), (error: unknown) => {
      return (
        error instanceof GraphRequestError &&
        error.status === 400 &&
        error.code === 'Request_BadRequest' &&
        /Invalid object identifier 'finance-team'/.test(error.message)
      );
    });
  });
});
