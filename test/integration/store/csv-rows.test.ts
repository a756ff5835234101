import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { CsvUserRef } from '../../../src/rollout/csv-row';
import { CsvRowStore } from '../../../src/store/csv-rows';
import { rolloutKeys } from '../../../src/store/keys';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

const upn = (value: string): CsvUserRef => ({ kind: 'upn', value });
const ADELE_ID = '0b4c2a1e-3d5f-4a60-8b71-000000000001';

describe('CsvRowStore (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let store: CsvRowStore;

  before(() => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('csv-rows');
    store = new CsvRowStore(redis, prefix);
  });
  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('stores each user once, in file order, and answers a repeat with the line it was first on', async () => {
    const first = await store.addRows(
      'w1',
      [
        { line: 2, user: upn('AdeleV@contoso.onmicrosoft.com') },
        { line: 3, user: { kind: 'id', value: ADELE_ID } },
        { line: 4, user: upn('adelev@CONTOSO.onmicrosoft.com') },
      ],
      true,
    );
    assert.deepEqual(first, [0, 0, 2]);
    assert.deepEqual(
      await store.addRows('w1', [{ line: 9, user: upn('AdeleV@contoso.onmicrosoft.com') }], true),
      [2],
    );
    // The object id of line 3 turns out to be the user of line 2: a duplicate found through the directory.
    assert.deepEqual(await store.addDirectoryIds('w1', [{ line: 2, userId: ADELE_ID.toUpperCase() }]), [0]);
    assert.deepEqual(await store.addDirectoryIds('w1', [{ line: 3, userId: ADELE_ID }]), [2]);
    assert.equal(await store.count('w1'), 2);
    assert.deepEqual(await store.readRows('w1', 0, 10), [
      { line: 2, user: upn('AdeleV@contoso.onmicrosoft.com') },
      { line: 3, user: { kind: 'id', value: ADELE_ID } },
    ]);
  });

  it('keeps an import for a day unless committed; a commit keeps the rows and drops the dedupe table', async () => {
    const keys = rolloutKeys(prefix);
    await store.addRows('w2', [{ line: 2, user: upn('AlexW@contoso.onmicrosoft.com') }], true);
    assert.ok((await redis.ttl(keys.waveCsvRows('w2'))) > 0);
    assert.ok((await redis.ttl(keys.csvImportSeen('w2'))) > 0);
    await store.commit('w2');
    assert.equal(await redis.ttl(keys.waveCsvRows('w2')), -1);
    assert.equal(await redis.exists(keys.csvImportSeen('w2')), 0);
    assert.equal(await store.count('w2'), 1);
  });

  it('stores nothing for a dry run, and leaves nothing behind after a discard', async () => {
    const keys = rolloutKeys(prefix);
    assert.deepEqual(
      await store.addRows('dry', [{ line: 2, user: upn('AlexW@contoso.onmicrosoft.com') }], false),
      [0],
    );
    assert.equal(await store.count('dry'), 0);
    await store.forgetSeen('dry');
    assert.equal(await redis.exists(keys.csvImportSeen('dry')), 0);
    await store.addRows('refused', [{ line: 2, user: upn('AlexW@contoso.onmicrosoft.com') }], true);
    await store.discard('refused');
    assert.equal(await redis.exists(keys.waveCsvRows('refused'), keys.csvImportSeen('refused')), 0);
  });

  it('reads back a row it cannot decode as undefined, never as a user', async () => {
    await redis.rpush(rolloutKeys(prefix).waveCsvRows('w3'), '{"line":2,"upn":"+45 20123456"}');
    assert.deepEqual(await store.readRows('w3', 0, 10), [undefined]);
  });

  it('reports the unresolved rows by line, the first `limit` of them, and counts the rest', async () => {
    await store.addRows('w4', [{ line: 2, user: upn('AdeleV@contoso.onmicrosoft.com') }], true);
    const rows = Array.from({ length: 30 }, (_, i) => ({
      row: { line: 40 - i, user: upn(`ghost${i}@contoso.onmicrosoft.com`) },
      reason: 'no such user in the directory',
    }));
    await store.addUnresolved('w4', rows);
    await store.addUnresolved('w4', []);
    const report = await store.report('w4', 3);
    assert.deepEqual(report, {
      rows: 1,
      unresolvedCount: 30,
      unresolved: [11, 12, 13].map((line) => ({
        line,
        user: `ghost${40 - line}@contoso.onmicrosoft.com`,
        reason: 'no such user in the directory',
      })),
    });
  });
});
