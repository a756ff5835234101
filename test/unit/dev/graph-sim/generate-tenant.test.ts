import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GENERATED_GROUP_ID,
  generateTenant,
  parseSampleTenant,
  TenantState,
} from '../../../../src/dev/graph-sim';
import { isValidGraphPhoneNumber } from '../../../../src/dev/graph-sim/resources/phone-methods';

describe('generateTenant', () => {
  it('produces a valid tenant with every user in one group', () => {
    const tenant = generateTenant(2000);
    const parsed = parseSampleTenant(tenant, 'generated');
    assert.equal(parsed.users.length, 2000);
    assert.equal(parsed.groups.length, 1);
    assert.equal(parsed.groups[0]!.id, GENERATED_GROUP_ID);
    assert.equal(parsed.groups[0]!.members.length, 2000);
    assert.equal(new Set(parsed.users.map((user) => user.userPrincipalName)).size, 2000);
  });

  it('mixes good, malformed and missing phones and some Authenticator users', () => {
    const users = generateTenant(2000).users;
    const mobiles = users.map((user) => user.phoneMethods[0]?.phoneNumber);
    const good = mobiles.filter((mobile) => mobile !== undefined && isValidGraphPhoneNumber(mobile)).length;
    const malformed = mobiles.filter(
      (mobile) => mobile !== undefined && !isValidGraphPhoneNumber(mobile),
    ).length;
    const missing = mobiles.filter((mobile) => mobile === undefined).length;
    assert.ok(good > 1400 && malformed > 10 && missing > 200, `${good}/${malformed}/${missing}`);
    assert.ok(
      users.filter((user) => user.registeredMethods.includes('microsoftAuthenticatorPush')).length > 200,
    );
  });

  it('is deterministic for a seed and differs between seeds', () => {
    assert.deepEqual(generateTenant(50, { seed: 7 }), generateTenant(50, { seed: 7 }));
    assert.notDeepEqual(generateTenant(50, { seed: 7 }), generateTenant(50, { seed: 8 }));
  });

  it('builds a 100,000-user tenant the simulator can load', () => {
    const tenant = generateTenant(100_000);
    const state = new TenantState(tenant);
    assert.equal(state.userCount, 100_000);
    assert.equal(state.transitiveUserIds(GENERATED_GROUP_ID).length, 100_000);
  });
});
