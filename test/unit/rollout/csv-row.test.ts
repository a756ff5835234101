import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CsvLayout,
  csvUserKey,
  isBlankRow,
  isObjectId,
  isPreambleLine,
  isUserPrincipalName,
  parseRow,
  readHeader,
} from '../../../src/rollout/csv-row';

const ADELE_ID = '0b4c2a1e-3d5f-4a60-8b71-000000000001';

function layoutOf(cells: string[]): CsvLayout {
  const header = readHeader(cells);
  assert.ok(header.ok, header.ok ? '' : header.message);
  return header.layout;
}

describe('CSV header', () => {
  it('finds the columns whatever their case, spacing and common alias', () => {
    for (const [cells, expected] of [
      [['userPrincipalName'], { userPrincipalName: 0 }],
      [['Name', 'UPN'], { displayName: 0, userPrincipalName: 1 }],
      [['User principal name', 'Object ID', 'Display Name'], { userPrincipalName: 0, id: 1, displayName: 2 }],
      [['E-Mail', 'department'], { userPrincipalName: 0 }],
      [['object_id'], { id: 0 }],
      [['ID'], { id: 0 }],
      [['\uFEFFupn'], { userPrincipalName: 0 }],
    ] as const) {
      assert.deepEqual(layoutOf([...cells]).columns, expected, cells.join(','));
    }
  });

  it('prefers the userPrincipalName column over a mail column, and keeps the header text for the report', () => {
    const layout = layoutOf(['mail', 'userPrincipalName', 'displayName', 'mobile']);
    assert.deepEqual(layout.columns, { userPrincipalName: 1, displayName: 2 });
    assert.deepEqual(layout.headerNames, {
      userPrincipalName: 'userPrincipalName',
      displayName: 'displayName',
    });
    assert.equal(layout.width, 4);
  });

  it('reads the Entra admin center template header by its bracketed property name', () => {
    const layout = layoutOf(['Member object ID or user principal name [memberObjectIdOrUpn] Required']);
    assert.deepEqual(layout.columns, { idOrUpn: 0 });
  });

  it('takes a file without a header when its first cell is an object id or a UPN', () => {
    for (const first of [ADELE_ID, 'AdeleV@contoso.onmicrosoft.com']) {
      const header = readHeader([first]);
      assert.ok(header.ok);
      assert.equal(header.layout.hasHeader, false);
      assert.deepEqual(header.layout.columns, { idOrUpn: 0 });
    }
  });

  it('refuses a header without any user column, naming what it found', () => {
    const header = readHeader(['first name', 'phone']);
    assert.equal(header.ok, false);
    assert.match(header.ok ? '' : header.message, /no column names the users.*"first name", "phone"/);
  });
});

describe('CSV row', () => {
  const layout = layoutOf(['displayName', 'userPrincipalName', 'id']);

  it('returns a typed row: a UPN as written, an object id in lower case (the id wins when both are given)', () => {
    assert.deepEqual(parseRow(layout, ['Adele', ' AdeleV@contoso.onmicrosoft.com ', ''], 2), {
      ok: true,
      row: { line: 2, user: { kind: 'upn', value: 'AdeleV@contoso.onmicrosoft.com' }, displayName: 'Adele' },
    });
    const both = parseRow(layout, ['', 'AdeleV@contoso.onmicrosoft.com', ADELE_ID.toUpperCase()], 3);
    assert.deepEqual(both, { ok: true, row: { line: 3, user: { kind: 'id', value: ADELE_ID } } });
  });

  it('classifies an id-or-UPN column value by its shape', () => {
    const either = layoutOf(['memberObjectIdOrUpn']);
    const id = parseRow(either, [ADELE_ID], 5);
    const upn = parseRow(either, ['AdeleV@contoso.onmicrosoft.com'], 6);
    assert.deepEqual(id.ok && id.row.user, { kind: 'id', value: ADELE_ID });
    assert.deepEqual(upn.ok && upn.row.user, { kind: 'upn', value: 'AdeleV@contoso.onmicrosoft.com' });
    const neither = parseRow(either, ['Adele Vance'], 7);
    assert.equal(neither.ok, false);
    assert.match(neither.ok ? '' : neither.error.message, /neither an object id/);
  });

  it('reports each kind of malformed row with its line, never echoing the value', () => {
    const cases: Array<[string[], RegExp]> = [
      [['Lynne Robbins'], /1 value: the "userPrincipalName" and "id" columns are missing/],
      [['Nobody', '', ''], /no user on this line/],
      [['Bad', '', '0b4c2a1e-3d5f-4a60-8b71-00000000000Z'], /id is not an object id/],
      [['Phone', '+45 20123456', ''], /userPrincipalName is not a valid user principal name/],
      [['Two ats', 'a@b@contoso.com', ''], /not a valid user principal name/],
      [['Vance', ' Adele', 'AdeleV@contoso.onmicrosoft.com', 'x'], /4 values but the header has 3/],
    ];
    for (const [cells, message] of cases) {
      const result = parseRow(layout, cells, 9);
      assert.equal(result.ok, false, cells.join(','));
      if (result.ok) continue;
      assert.equal(result.error.line, 9);
      assert.match(result.error.message, message);
      for (const cell of cells.filter((value) => value.length > 3))
        assert.ok(!result.error.message.includes(cell.trim()), `"${cell}" echoed in ${result.error.message}`);
    }
  });

  it('ignores trailing empty cells Excel adds, and rows shorter than the header that still name the user', () => {
    assert.ok(parseRow(layout, ['Adele', 'AdeleV@contoso.onmicrosoft.com', '', '', ''], 2).ok);
    const upnFirst = layoutOf(['upn', 'displayName']);
    assert.ok(parseRow(upnFirst, ['AdeleV@contoso.onmicrosoft.com'], 2).ok);
  });

  it('knows a UPN and an object id when it sees one', () => {
    for (const upn of [
      'AdeleV@contoso.onmicrosoft.com',
      "o'brien@contoso.com",
      'alice_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      'first.last-x@sub.example.co.uk',
    ])
      assert.ok(isUserPrincipalName(upn), upn);
    for (const notUpn of [
      'AdeleV',
      '@contoso.com',
      'a b@contoso.com',
      'a@contoso',
      '.a@contoso.com',
      'a+tag@contoso.com',
      `${'a'.repeat(65)}@contoso.com`,
    ])
      assert.ok(!isUserPrincipalName(notUpn), notUpn);
    assert.ok(isObjectId(ADELE_ID));
    assert.ok(!isObjectId(`{${ADELE_ID}}`));
    assert.ok(!isObjectId(ADELE_ID.slice(0, -1)));
  });

  it('gives a user written in two cases one dedupe key, and an id a different key than a UPN', () => {
    assert.equal(
      csvUserKey({ kind: 'upn', value: 'AdeleV@Contoso.onmicrosoft.com' }),
      csvUserKey({ kind: 'upn', value: 'adelev@contoso.onmicrosoft.com' }),
    );
    assert.notEqual(
      csvUserKey({ kind: 'id', value: ADELE_ID }),
      csvUserKey({ kind: 'upn', value: 'adelev@contoso.onmicrosoft.com' }),
    );
  });
});

describe('CSV layout helpers', () => {
  it('recognises preamble lines and blank rows', () => {
    assert.ok(isPreambleLine('version:v1.0'));
    assert.ok(isPreambleLine('sep=;\n'));
    assert.ok(isPreambleLine('\uFEFFVersion:V1.0\r\n'));
    assert.ok(!isPreambleLine('upn'));
    assert.ok(isBlankRow(['', '  ', '']));
    assert.ok(!isBlankRow(['', 'x']));
  });
});
