import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { generatedUserId, generateTenant } from '../../../src/dev/graph-sim';
import { type PhoneWrite, writePhoneMethods } from '../../../src/graph/phone-writes';
import {
  type CountingPacer,
  countingPacer,
  type GraphTestContext,
  SAMPLE_USERS,
  startGraphForTest,
} from '../../support/graph';

const OSKAR = '0b4c2a1e-3d5f-4a60-8b71-000000000031';
const GONE = '0b4c2a1e-3d5f-4a60-8b71-999999999999';
const PHONES = /\/authentication\/phoneMethods(\/[^/]+)?$/;

function write(
  key: string,
  userId: string,
  phoneNumber: string,
  extra: Partial<PhoneWrite> = {},
): PhoneWrite {
  return { key, userId, phoneType: 'mobile', phoneNumber, method: 'POST', ...extra };
}

describe('writing phone methods in $batch', () => {
  let graph: GraphTestContext;
  let pacer: CountingPacer;
  before(async () => {
    graph = await startGraphForTest();
  });
  beforeEach(() => {
    graph.sim.reset();
    pacer = countingPacer();
  });
  after(() => graph.close());

  it('creates, replaces and reports each write on its own, never with the number', async () => {
    const results = await writePhoneMethods(
      graph.client,
      [
        write('diego', SAMPLE_USERS.diego, '+34 600000103'),
        write('alex', SAMPLE_USERS.alex, '+1 4255550199', { method: 'PATCH' }),
        write('adele', SAMPLE_USERS.adele, '+45 20999999'),
        write('gone', GONE, '+45 20111111'),
        write('bad', SAMPLE_USERS.lidia, '+45 2011'),
        write('nomobile', SAMPLE_USERS.diego, '+34 600000104', { phoneType: 'office', method: 'PATCH' }),
      ],
      { pacer },
    );
    assert.deepEqual(Object.fromEntries(results), {
      diego: { outcome: 'written', status: 201 },
      alex: { outcome: 'written', status: 204 },
      adele: { outcome: 'exists', status: 409, code: 'conflict' },
      gone: { outcome: 'user-not-found', status: 404, code: 'Request_ResourceNotFound' },
      bad: { outcome: 'invalid', status: 0, code: 'invalidPhoneNumberFormat' },
      nomobile: { outcome: 'failed', status: 404, code: 'itemNotFound' },
    });
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber, '+34 600000103');
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.alex, 'mobile')?.phoneNumber, '+1 4255550199');
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.adele, 'mobile')?.phoneNumber, '+45 20123456');
    // The malformed number cost no request; the rest went as items of one $batch.
    assert.deepEqual(pacer.takes, [5]);
    assert.equal(graph.sim.requests.matching(PHONES).length, 5);
    assert.ok(graph.sim.requests.matching(PHONES).every((entry) => entry.batchItem));
    assert.doesNotMatch(JSON.stringify([...results]), /\d{6}/);
  });

  it('sends an alternate mobile after the mobile it needs, in a later $batch', async () => {
    const results = await writePhoneMethods(
      graph.client,
      [
        write('alt', SAMPLE_USERS.diego, '+34 600000105', { phoneType: 'alternateMobile' }),
        write('mobile', SAMPLE_USERS.diego, '+34 600000103'),
      ],
      { pacer },
    );
    assert.equal(results.get('mobile')?.outcome, 'written');
    assert.equal(results.get('alt')?.outcome, 'written');
    assert.deepEqual(pacer.takes, [1, 1]);
    assert.equal(
      graph.sim.state.phoneOf(SAMPLE_USERS.diego, 'alternateMobile')?.phoneNumber,
      '+34 600000105',
    );
  });

  it('answers an alternate mobile without a mobile as invalid, as Graph refuses it', async () => {
    const results = await writePhoneMethods(
      graph.client,
      [write('alt', SAMPLE_USERS.diego, '+34 600000105', { phoneType: 'alternateMobile' })],
      { pacer },
    );
    assert.deepEqual(results.get('alt'), { outcome: 'invalid', status: 400, code: 'invalidRequest' });
  });

  it('refuses two writes with one key before sending anything', async () => {
    await assert.rejects(
      writePhoneMethods(
        graph.client,
        [write('k', SAMPLE_USERS.diego, '+34 600000103'), write('k', OSKAR, '+45 20123499')],
        { pacer },
      ),
      RangeError,
    );
    assert.equal(graph.sim.requests.count, 0);
  });

  it('retries a throttled item after its own Retry-After, within maxRetries', async () => {
    graph.sim.faults.inject({ method: 'POST', path: PHONES, status: 429, retryAfterSeconds: 1 });
    const results = await writePhoneMethods(
      graph.client,
      [
        write('diego', SAMPLE_USERS.diego, '+34 600000103'),
        write('lena', '0b4c2a1e-3d5f-4a60-8b71-000000000014', '+49 15112345678'),
      ],
      { pacer },
    );
    assert.equal(results.get('diego')?.outcome, 'written');
    assert.equal(results.get('lena')?.outcome, 'written');
    assert.deepEqual(
      graph.sim.requests.matching(PHONES).map((entry) => entry.status),
      [429, 201, 201],
    );
    assert.deepEqual(pacer.takes, [2, 1]);
  });

  it('gives up on an item still throttled after maxRetries, as failed', async () => {
    graph.sim.faults.inject({ method: 'POST', path: PHONES, status: 429, retryAfterSeconds: 0, times: 10 });
    const results = await writePhoneMethods(
      graph.client,
      [write('diego', SAMPLE_USERS.diego, '+34 600000103')],
      {
        pacer,
        maxRetries: 2,
      },
    );
    assert.deepEqual(results.get('diego'), { outcome: 'failed', status: 429, code: 'TooManyRequests' });
    assert.equal(graph.sim.requests.matching(PHONES).length, 3);
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.diego, 'mobile'), undefined);
  });
});

describe('writing phone methods under the identity write limit', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest({
      tenant: generateTenant(60, { authenticatorShare: 0, phoneShare: 1, malformedShare: 0 }),
      identityWriteLimit: { requests: 20, windowMs: 1000 },
    });
  });
  after(() => graph.close());

  it('gets every write through by honouring each item Retry-After, even with no pacer holding it back', async () => {
    const writes = Array.from({ length: 60 }, (_, index) =>
      write(String(index), generatedUserId(index), `+45 30${String(index).padStart(6, '0')}`, {
        method: 'PATCH',
      }),
    );
    const results = await writePhoneMethods(graph.client, writes, { pacer: countingPacer(), maxRetries: 10 });
    assert.deepEqual(
      [...new Set([...results.values()].map((result) => result.outcome))],
      ['written'],
      JSON.stringify([...results.values()].filter((result) => result.outcome !== 'written')),
    );
    assert.ok(graph.sim.limits.identityWrites.refused > 0, 'the limit was met');
    assert.equal(graph.sim.state.phoneOf(generatedUserId(59), 'mobile')?.phoneNumber, '+45 30000059');
  });
});

describe('a number another user signs in with by SMS', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  after(() => graph.close());

  it('is written all the same: Graph answers 409 phoneNumberNotUnique for the SMS sign-in step only', async () => {
    // Adele signs in by SMS with her mobile; Diego is given the same number.
    await graph.client
      .api(
        `/users/${SAMPLE_USERS.adele}/authentication/phoneMethods/3179e48a-750b-4051-897c-87b9720928f7/enableSmsSignIn`,
      )
      .post({});
    const adeles = graph.sim.state.phoneOf(SAMPLE_USERS.adele, 'mobile')!.phoneNumber;
    const pacer = countingPacer();
    const results = await writePhoneMethods(
      graph.client,
      [
        write('diego', SAMPLE_USERS.diego, adeles),
        write('alex', SAMPLE_USERS.alex, adeles, { method: 'PATCH' }),
      ],
      { pacer },
    );
    assert.deepEqual(results.get('diego'), { outcome: 'written', status: 409, code: 'phoneNumberNotUnique' });
    assert.deepEqual(results.get('alex'), { outcome: 'written', status: 409, code: 'phoneNumberNotUnique' });
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber, adeles);
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.alex, 'mobile')?.phoneNumber, adeles);
    // Once Adele no longer signs in by SMS, the number is anybody's.
    await graph.client
      .api(
        `/users/${SAMPLE_USERS.adele}/authentication/phoneMethods/3179e48a-750b-4051-897c-87b9720928f7/disableSmsSignIn`,
      )
      .post({});
    const again = await writePhoneMethods(
      graph.client,
      [write('lidia', SAMPLE_USERS.lidia, adeles, { method: 'PATCH' })],
      {
        pacer,
      },
    );
    assert.deepEqual(again.get('lidia'), { outcome: 'written', status: 204 });
  });
});
