import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FilterSchema, FilterSyntaxError, parseFilter } from '../../../../src/dev/graph-sim/filter';

const schema: FilterSchema = {
  isMfaRegistered: 'boolean',
  isAdmin: 'boolean',
  userPrincipalName: 'string',
  methodsRegistered: 'collection',
};
const rows = [
  {
    id: 'a',
    isMfaRegistered: true,
    isAdmin: true,
    userPrincipalName: 'Adele@x',
    methodsRegistered: ['mobilePhone'],
  },
  { id: 'b', isMfaRegistered: false, isAdmin: false, userPrincipalName: 'bob@x', methodsRegistered: [] },
  {
    id: 'c',
    isMfaRegistered: true,
    isAdmin: false,
    userPrincipalName: 'carl@x',
    methodsRegistered: ['fido2', 'email'],
  },
];
const ids = (filter: string) =>
  rows
    .filter(parseFilter(filter, schema, 'test'))
    .map((row) => row.id)
    .join('');

describe('OData $filter subset', () => {
  it('compares booleans with eq and ne', () => {
    assert.equal(ids('isMfaRegistered eq false'), 'b');
    assert.equal(ids('isMfaRegistered ne false'), 'ac');
  });

  it('matches a collection with any()', () => {
    assert.equal(ids("methodsRegistered/any(m: m eq 'fido2')"), 'c');
    assert.equal(ids("methodsRegistered/any(x:x eq 'mobilePhone' or x eq 'email')"), 'ac');
  });

  it('combines with and, or, not and parentheses (and binds tighter than or)', () => {
    assert.equal(ids('isMfaRegistered eq true and isAdmin eq false'), 'c');
    assert.equal(ids('isAdmin eq true or isMfaRegistered eq false and isAdmin eq false'), 'ab');
    assert.equal(ids('(isAdmin eq true or isMfaRegistered eq false) and isAdmin eq false'), 'b');
    assert.equal(ids("not methodsRegistered/any(m: m eq 'fido2')"), 'ab');
  });

  it('compares strings case-insensitively and supports startswith', () => {
    assert.equal(ids("userPrincipalName eq 'adele@X'"), 'a');
    assert.equal(ids("startswith(userPrincipalName, 'CA')"), 'c');
    assert.equal(ids("userPrincipalName eq 'it''s'"), '');
  });

  it('refuses what it does not understand instead of ignoring it', () => {
    for (const bad of [
      'isMfaRegistered eq',
      'unknownProperty eq true',
      "isMfaRegistered eq 'yes'",
      'isMfaRegistered gt true',
      "methodsRegistered eq 'fido2'",
      "methodsRegistered/all(m: m eq 'fido2')",
      'isAdmin eq true extra',
      "userPrincipalName eq 'open",
      '',
    ]) {
      assert.throws(() => parseFilter(bad, schema, 'test'), FilterSyntaxError, bad);
    }
  });
});
