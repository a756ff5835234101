import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { PHONE_METHOD_IDS } from '../../../src/dev/graph-sim';
import { GraphRequestError } from '../../../src/graph/errors';
import {
  getMobilePhone,
  InvalidPhoneNumberError,
  isGraphPhoneNumber,
  listPhoneMethods,
  setMobilePhone,
} from '../../../src/graph/phone-methods';
import { MOBILE_PHONE_METHOD_ID } from '../../../src/rollout/directory';
import { type GraphTestContext, SAMPLE_USERS, startGraphForTest } from '../../support/graph';

const OSKAR = '0b4c2a1e-3d5f-4a60-8b71-000000000031';
const FREJA = '0b4c2a1e-3d5f-4a60-8b71-000000000010';
const DAAN = '0b4c2a1e-3d5f-4a60-8b71-000000000033';
const phonePath = (userId: string) => `/users/${userId}/authentication/phoneMethods`;

describe('graph phone methods', () => {
  let graph: GraphTestContext;
  before(async () => {
    graph = await startGraphForTest();
  });
  beforeEach(() => graph.sim.reset());
  after(() => graph.close());

  it('lists the preloaded mobile with its fixed method id', async () => {
    assert.deepEqual(await listPhoneMethods(graph.client, SAMPLE_USERS.adele), [
      { id: MOBILE_PHONE_METHOD_ID, phoneType: 'mobile', phoneNumber: '+45 20123456' },
    ]);
    assert.equal(PHONE_METHOD_IDS.mobile, MOBILE_PHONE_METHOD_ID);
  });

  it('lists mobile, alternate mobile and office phones with their ids', async () => {
    const methods = await listPhoneMethods(graph.client, OSKAR);
    assert.deepEqual(
      methods.map((method) => [method.phoneType, method.id]),
      [
        ['mobile', '3179e48a-750b-4051-897c-87b9720928f7'],
        ['alternateMobile', 'b6332ec1-7057-4abe-9331-3d72feddfe41'],
        ['office', 'e37fc753-ff3b-4958-9484-eaa9425c82bc'],
      ],
    );
  });

  it('returns a malformed preloaded number exactly as IT stored it', async () => {
    assert.equal((await getMobilePhone(graph.client, FREJA))?.phoneNumber, '004520123410');
  });

  it('finds no mobile for a user without one (even with an office phone)', async () => {
    assert.equal(await getMobilePhone(graph.client, SAMPLE_USERS.diego), undefined);
    assert.equal(await getMobilePhone(graph.client, DAAN), undefined);
  });

  it('creates a mobile for a user without one', async () => {
    const result = await setMobilePhone(graph.client, SAMPLE_USERS.diego, '+34 600000103');
    assert.equal(result.outcome, 'created');
    assert.equal((await getMobilePhone(graph.client, SAMPLE_USERS.diego))?.phoneNumber, '+34 600000103');
    assert.equal(
      graph.sim.requests.matching(/phoneMethods$/).filter((entry) => entry.method === 'POST')[0]?.status,
      201,
    );
  });

  it('replaces an existing mobile, and does nothing when it is already right', async () => {
    assert.equal((await setMobilePhone(graph.client, SAMPLE_USERS.alex, '+1 4255550199')).outcome, 'updated');
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.alex, 'mobile')?.phoneNumber, '+1 4255550199');
    const patches = () => graph.sim.requests.entries.filter((entry) => entry.method === 'PATCH').length;
    assert.equal(patches(), 1);
    assert.equal(
      (await setMobilePhone(graph.client, SAMPLE_USERS.alex, '+1 4255550199')).outcome,
      'unchanged',
    );
    assert.equal(patches(), 1);
  });

  it('replaces a malformed preload with a well-formed number', async () => {
    assert.equal((await setMobilePhone(graph.client, FREJA, '+45 20123410')).outcome, 'updated');
    assert.equal(graph.sim.state.phoneOf(FREJA, 'mobile')?.phoneNumber, '+45 20123410');
  });

  it('counts a number another user signs in with by SMS as written (409 phoneNumberNotUnique)', async () => {
    await graph.client
      .api(`${phonePath(SAMPLE_USERS.adele)}/${MOBILE_PHONE_METHOD_ID}/enableSmsSignIn`)
      .post({});
    assert.equal((await setMobilePhone(graph.client, SAMPLE_USERS.diego, '+45 20123456')).outcome, 'created');
    assert.equal((await setMobilePhone(graph.client, SAMPLE_USERS.alex, '+45 20123456')).outcome, 'updated');
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber, '+45 20123456');
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.alex, 'mobile')?.phoneNumber, '+45 20123456');
    assert.deepEqual(
      graph.sim.requests
        .matching(/phoneMethods/)
        .map((entry) => `${entry.method} ${entry.status}`)
        .slice(-2),
      ['GET 200', 'PATCH 409'],
    );
  });

  it('refuses a number not in Graph format before sending anything', async () => {
    const before_ = graph.sim.requests.count;
    for (const bad of [
      '004520123456',
      '+45 2012',
      '20 12 34 56',
      '+4520123456',
      '+45 20 12 34 56',
      '+45-20123456',
    ]) {
      assert.equal(isGraphPhoneNumber(bad), false, bad);
      await assert.rejects(setMobilePhone(graph.client, SAMPLE_USERS.alex, bad), InvalidPhoneNumberError);
    }
    assert.equal(graph.sim.requests.count, before_);
    assert.ok(isGraphPhoneNumber('+1 5555551234x123'));
  });

  it('is refused by Graph when a malformed number is written anyway (400)', async () => {
    for (const bad of ['004520123456', '+45 2012', '20 12 34 56', '+4520123456']) {
      await assert.rejects(
        graph.client.api(phonePath(SAMPLE_USERS.diego)).post({ phoneType: 'mobile', phoneNumber: bad }),
        { statusCode: 400, code: 'invalidRequest' },
        bad,
      );
      await assert.rejects(
        graph.client
          .api(`${phonePath(SAMPLE_USERS.alex)}/${MOBILE_PHONE_METHOD_ID}`)
          .patch({ phoneNumber: bad }),
        { statusCode: 400 },
        bad,
      );
    }
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.diego, 'mobile'), undefined);
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.alex, 'mobile')?.phoneNumber, '+1 4255550101');
  });

  it('is refused by Graph when adding a second mobile', async () => {
    await assert.rejects(
      graph.client
        .api(phonePath(SAMPLE_USERS.adele))
        .post({ phoneType: 'mobile', phoneNumber: '+45 20123499' }),
      { statusCode: 409 },
    );
    assert.equal(graph.sim.state.phoneOf(SAMPLE_USERS.adele, 'mobile')?.phoneNumber, '+45 20123456');
  });

  it('is refused by Graph when adding an alternate mobile before a mobile', async () => {
    await assert.rejects(
      graph.client
        .api(phonePath(SAMPLE_USERS.diego))
        .post({ phoneType: 'alternateMobile', phoneNumber: '+34 600000104' }),
      { statusCode: 400 },
    );
  });

  it('returns smsSignInState, and deletes a method', async () => {
    const raw = await graph.client.api(`${phonePath(SAMPLE_USERS.lidia)}/${MOBILE_PHONE_METHOD_ID}`).get();
    assert.equal(raw.smsSignInState, 'notEnabled');
    await graph.client.api(`${phonePath(SAMPLE_USERS.lidia)}/${MOBILE_PHONE_METHOD_ID}`).delete();
    assert.deepEqual(await listPhoneMethods(graph.client, SAMPLE_USERS.lidia), []);
  });

  it('fails with a 404 GraphRequestError for a user that does not exist', async () => {
    await assert.rejects(
      listPhoneMethods(graph.client, '0b4c2a1e-3d5f-4a60-8b71-999999999999'),
      (error: unknown) => {
        return error instanceof GraphRequestError && error.isNotFound;
      },
    );
  });
});
