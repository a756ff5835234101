import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sniffDelimiter } from '../../../src/csv/delimiter';

describe('CSV delimiter', () => {
  it('sniffs the delimiter from the first real line, ignoring delimiters inside quotes', () => {
    assert.equal(sniffDelimiter('upn,displayName\na@b.co,A\n'), ',');
    assert.equal(sniffDelimiter('UPN;Navn\na@b.co;"Vance, Adele"\n'), ';');
    assert.equal(sniffDelimiter('upn\tname\n'), '\t');
    assert.equal(sniffDelimiter('"Vance, Adele";a@b.co\n'), ';');
    assert.equal(sniffDelimiter('\uFEFFsep=;\nupn,name\n'), ';');
    assert.equal(sniffDelimiter('version:v1.0\n\nupn|name\n'), '|');
    assert.equal(sniffDelimiter('AdeleV@contoso.onmicrosoft.com\n'), ',');
  });
});
