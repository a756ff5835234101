import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeStoredRow, encodeStoredRow } from '../../../src/store/csv-rows';

const ADELE_ID = '0b4c2a1e-3d5f-4a60-8b71-000000000001';

describe('CSV row encoding in Redis', () => {
  it('stores only the identifier and the line, and refuses a stored row that is not one', () => {
    const encoded = encodeStoredRow({
      line: 4,
      user: { kind: 'upn', value: 'AdeleV@contoso.onmicrosoft.com' },
    });
    assert.deepEqual(JSON.parse(encoded), { line: 4, upn: 'AdeleV@contoso.onmicrosoft.com' });
    assert.deepEqual(decodeStoredRow(encoded), {
      line: 4,
      user: { kind: 'upn', value: 'AdeleV@contoso.onmicrosoft.com' },
    });
    assert.deepEqual(decodeStoredRow(encodeStoredRow({ line: 5, user: { kind: 'id', value: ADELE_ID } })), {
      line: 5,
      user: { kind: 'id', value: ADELE_ID },
    });
    for (const bad of ['nope', '{"line":1}', '{"line":0,"upn":"a@b.co"}', '{"line":2,"id":"+4520123456"}'])
      assert.equal(decodeStoredRow(bad), undefined, bad);
  });
});
