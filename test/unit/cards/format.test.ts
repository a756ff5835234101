import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, formatNumber, InvalidIsoDateError } from '../../../src/cards';

describe('formatDate', () => {
  const cases: [string, string][] = [
    ['en', '1 December 2026'],
    ['en-US', 'December 1, 2026'],
    ['da-DK', '1. december 2026'],
    ['de', '1. Dezember 2026'],
    ['fr-FR', '1er décembre 2026'],
    ['es-419', '1 de diciembre de 2026'],
    ['zh-CN', '1 December 2026'],
  ];
  for (const [locale, expected] of cases) {
    it(`${locale}: ${expected}`, () => assert.equal(formatDate(locale, '2026-12-01'), expected));
  }

  it('keeps the calendar day whatever the time zone', () => {
    assert.equal(formatDate('en', '2027-01-01'), '1 January 2027');
    assert.equal(formatDate('en', '2026-12-31'), '31 December 2026');
  });

  it('only writes the French ordinal for the first', () => {
    assert.equal(formatDate('fr', '2027-02-11'), '11 février 2027');
  });

  it('refuses anything but a real YYYY-MM-DD date', () => {
    for (const bad of ['2026-02-30', '2026-12-01T10:00:00Z', '01/12/2026', '', '2026-13-01']) {
      assert.throws(() => formatDate('en', bad), InvalidIsoDateError, bad);
    }
  });
});

describe('formatNumber', () => {
  it('groups digits the local way', () => {
    assert.equal(formatNumber('en', 12345), '12,345');
    assert.equal(formatNumber('da-DK', 12345), '12.345');
    assert.equal(formatNumber('fr-FR', 12345), '12\u202f345');
  });
});
