import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { loadSampleTenant } from '../../../src/dev/graph-sim';
import { GraphRequestError } from '../../../src/graph/errors';
import {
  getRegistrationFacts,
  listRegistrationDetails,
  type RegistrationQuery,
  registrationFilter,
} from '../../../src/graph/registration-details';
import type { RegistrationFacts } from '../../../src/rollout/directory';
import { type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const tenant = loadSampleTenant();
const REPORT = /\/reports\/authenticationMethods\/userRegistrationDetails$/;
/** Methods that are not a second factor: a user with only these (or nothing) is not MFA registered. */
const NOT_MFA = new Set(['email', 'securityQuestion', 'temporaryAccessPass']);

async function collect(graph: GraphTestContext, query: RegistrationQuery, client = graph.client) {
  const facts: RegistrationFacts[] = [];
  let pages = 0;
  for await (const page of listRegistrationDetails(client, query)) {
    pages++;
    facts.push(...page.facts);
  }
  return { facts, pages, ids: new Set(facts.map((fact) => fact.userId)) };
}

describe('registration details', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it('lists every user, derived from their phones and methods', async () => {
    const { facts, ids } = await collect(graph, {});
    assert.equal(ids.size, tenant.users.length);
    const isaiah = facts.find((fact) => fact.userId === SAMPLE_USERS.isaiah);
    assert.deepEqual(isaiah, {
      userId: SAMPLE_USERS.isaiah,
      isMfaRegistered: true,
      methodsRegistered: ['mobilePhone', 'microsoftAuthenticatorPush'],
    });
  });

  it('filters on a boolean: the users not registered for MFA', async () => {
    const { ids } = await collect(graph, {
      filter: registrationFilter({ flags: { isMfaRegistered: false } }),
    });
    const expected = tenant.users
      .filter(
        (user) =>
          user.phoneMethods.length === 0 && user.registeredMethods.every((method) => NOT_MFA.has(method)),
      )
      .map((user) => user.id);
    assert.ok(expected.length >= 5);
    assert.deepEqual(ids, new Set(expected));
    assert.ok(ids.has(SAMPLE_USERS.diego));
  });

  it('filters on a registered method with any()', async () => {
    const filter = registrationFilter({ methodRegistered: 'microsoftAuthenticatorPush' });
    assert.equal(filter, "methodsRegistered/any(m: m eq 'microsoftAuthenticatorPush')");
    const { ids } = await collect(graph, { filter: filter! });
    const expected = tenant.users.filter((user) =>
      user.registeredMethods.includes('microsoftAuthenticatorPush'),
    );
    assert.deepEqual(ids, new Set(expected.map((user) => user.id)));
  });

  it('combines conditions', async () => {
    const filter = registrationFilter({ flags: { isMfaRegistered: true }, methodRegistered: 'mobilePhone' })!;
    const { facts } = await collect(graph, {
      filter: `${filter} and not methodsRegistered/any(m: m eq 'microsoftAuthenticatorPush')`,
    });
    assert.ok(facts.length > 20);
    for (const fact of facts) {
      assert.ok(fact.methodsRegistered.includes('mobilePhone'));
      assert.ok(!fact.methodsRegistered.includes('microsoftAuthenticatorPush'));
    }
    assert.ok(!facts.some((fact) => fact.userId === SAMPLE_USERS.isaiah));
  });

  it('pages with $top and @odata.nextLink', async () => {
    const { facts, pages } = await collect(graph, { pageSize: 7 });
    assert.equal(facts.length, tenant.users.length);
    assert.equal(pages, Math.ceil(tenant.users.length / 7));
  });

  it('reflects a method registered after the start (via the /_sim/ control endpoint)', async () => {
    const filter = registrationFilter({ methodRegistered: 'microsoftAuthenticatorPush' })!;
    assert.equal((await collect(graph, { filter })).ids.has(SAMPLE_USERS.alex), false);
    const response = await fetch(`${graph.sim.url}/_sim/users/${SAMPLE_USERS.alex}/methods`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ add: ['microsoftAuthenticatorPush'] }),
    });
    assert.equal(response.status, 200);
    assert.equal((await collect(graph, { filter })).ids.has(SAMPLE_USERS.alex), true);
  });

  it('reads one user, and undefined for an unknown one', async () => {
    const diego = await getRegistrationFacts(graph.client, SAMPLE_USERS.diego);
    assert.deepEqual(diego, { userId: SAMPLE_USERS.diego, isMfaRegistered: false, methodsRegistered: [] });
    assert.equal(await getRegistrationFacts(graph.client, '0b4c2a1e-3d5f-4a60-8b71-999999999999'), undefined);
  });

  it('rejects a filter Graph does not understand with a 400 GraphRequestError', async () => {
    await assert.rejects(collect(graph, { filter: 'isMfaRegistered eq maybe' }), (error: unknown) => {
      return error instanceof GraphRequestError && error.status === 400;
    });
    await assert.rejects(collect(graph, { filter: 'favouriteColour eq true' }), { status: 400 });
  });
});

describe('registration details throttling', () => {
  let graph: GraphTestContext;
  before(async () => {
    // A narrower window than Graph's 5 per 10 s keeps the test short; the behaviour is the same.
    graph = await startGraphForTest({ registrationDetailsLimit: { requests: 2, windowMs: 1000 } });
  });
  after(() => graph.close());

  it('answers the request over the limit with 429 and Retry-After', async () => {
    graph.sim.reset();
    const noRetry = graph.newClient({ maxRetries: 0 });
    const call = () => noRetry.api('/reports/authenticationMethods/userRegistrationDetails').top(1).get();
    await call();
    await call();
    await assert.rejects(call(), (error: unknown) => {
      const wrapped = error as { statusCode?: number; headers?: Headers };
      assert.equal(wrapped.statusCode, 429);
      assert.ok(Number(wrapped.headers?.get('Retry-After')) >= 1);
      return true;
    });
  });

  it('waits out the throttle (Retry-After) and still reads every page', async () => {
    graph.sim.reset();
    // Without the SDK's retries, so the generator's own waiting is what gets it through.
    const noRetry = graph.newClient({ maxRetries: 0 });
    const { facts, pages } = await collect(graph, { pageSize: 10 }, noRetry);
    assert.equal(facts.length, tenant.users.length);
    assert.equal(pages, Math.ceil(tenant.users.length / 10));
    assert.ok(graph.sim.requests.matching(REPORT, 429).length >= 1, 'the limit was hit');
  });

  it('gives up after the configured number of waits', async () => {
    graph.sim.reset();
    graph.sim.faults.inject({ path: REPORT, status: 429, times: 100, retryAfterSeconds: 0 });
    const noRetry = graph.newClient({ maxRetries: 0 });
    await assert.rejects(collect(graph, { maxThrottleWaits: 2 }, noRetry), { status: 429 });
    assert.equal(graph.sim.requests.matching(REPORT, 429).length, 3);
  });
});
