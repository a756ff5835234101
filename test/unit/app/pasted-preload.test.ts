import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksLikePastedPreload, reportFileName } from '../../../src/app/receive-preload-file';

describe('a preload file pasted as text', () => {
  it('is recognised by a header naming the user and phone columns, with rows under it', () => {
    assert.ok(looksLikePastedPreload('userPrincipalName,mobile\na@contoso.test,+45 20123456'));
    assert.ok(looksLikePastedPreload('  id;phoneNumber\r\n0b4c…;+45 20123456'));
    assert.ok(looksLikePastedPreload('UPN\tMobile\nx\t1'));
  });

  it('is not a question or a command that mentions the words', () => {
    assert.ok(!looksLikePastedPreload('what is my mobile id?'));
    assert.ok(
      !looksLikePastedPreload('userPrincipalName,mobile'),
      'a header alone is a sentence, not a file',
    );
    assert.ok(!looksLikePastedPreload('wave start 9a0e1b2c-1111-4111-8111-000000000001 Pilot'));
    assert.ok(!looksLikePastedPreload('my mobile changed, my upn is adele\nplease help'));
  });
});

describe('the report file name', () => {
  it('follows the file sent', () => {
    assert.equal(reportFileName('phones.csv'), 'phones-preload-report.csv');
    assert.equal(reportFileName('Nordics.CSV'), 'Nordics-preload-report.csv');
    assert.equal(reportFileName('.csv'), 'preload-preload-report.csv');
  });
});
