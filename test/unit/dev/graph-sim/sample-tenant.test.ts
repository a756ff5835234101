import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  loadSampleTenant,
  parseSampleTenant,
  SAMPLE_GROUPS,
  SAMPLE_TENANT_ID,
  SAMPLE_USERS,
  type SampleTenant,
  TenantState,
  TenantValidationError,
} from '../../../../src/dev/graph-sim';
import { isValidGraphPhoneNumber } from '../../../../src/dev/graph-sim/resources/phone-methods';

const tenant = loadSampleTenant();
const byId = new Map(tenant.users.map((user) => [user.id, user]));
const mobileOf = (id: string) =>
  byId.get(id)?.phoneMethods.find((phone) => phone.phoneType === 'mobile')?.phoneNumber;

describe('sample tenant file', () => {
  it('loads and validates, with about 60 users', () => {
    assert.equal(tenant.tenantId, SAMPLE_TENANT_ID);
    assert.equal(tenant.domain, 'contoso.onmicrosoft.com');
    assert.ok(tenant.users.length >= 55 && tenant.users.length <= 65, `${tenant.users.length} users`);
  });

  it('holds the five fixed Playground users exactly', () => {
    const expected = [
      [SAMPLE_USERS.adele, 'AdeleV@contoso.onmicrosoft.com', 'Adele Vance', '+45 20123456', 'DK', 'en-US'],
      [SAMPLE_USERS.alex, 'AlexW@contoso.onmicrosoft.com', 'Alex Wilber', '+1 4255550101', 'US', 'en-US'],
      [SAMPLE_USERS.diego, 'DiegoS@contoso.onmicrosoft.com', 'Diego Siciliani', undefined, 'ES', 'es-ES'],
      [
        SAMPLE_USERS.isaiah,
        'IsaiahL@contoso.onmicrosoft.com',
        'Isaiah Langer',
        '+49 15112345678',
        'DE',
        'de-DE',
      ],
      [
        SAMPLE_USERS.lidia,
        'LidiaH@contoso.onmicrosoft.com',
        'Lidia Holloway',
        '+33 612345678',
        'FR',
        'fr-FR',
      ],
    ] as const;
    for (const [id, upn, name, mobile, country, language] of expected) {
      const user = byId.get(id);
      assert.ok(user, name);
      assert.equal(user.userPrincipalName, upn);
      assert.equal(user.displayName, name);
      assert.equal(mobileOf(id), mobile, name);
      assert.equal(user.usageLocation, country, name);
      assert.equal(user.preferredLanguage, language, name);
    }
    assert.equal(byId.get(SAMPLE_USERS.diego)?.phoneMethods.length, 0);
    assert.deepEqual(byId.get(SAMPLE_USERS.isaiah)?.registeredMethods, ['microsoftAuthenticatorPush']);
    assert.equal(byId.get(SAMPLE_USERS.adele)?.isAdmin, true);
  });

  it('has the five groups, Finance nested in All Staff, everyone reachable from All Staff', () => {
    const state = new TenantState(tenant);
    const group = (id: string) => tenant.groups.find((candidate) => candidate.id === id);
    assert.equal(group(SAMPLE_GROUPS.pilot)?.displayName, 'MFA Pilot');
    for (const id of [
      SAMPLE_USERS.adele,
      SAMPLE_USERS.alex,
      SAMPLE_USERS.diego,
      SAMPLE_USERS.isaiah,
      SAMPLE_USERS.lidia,
    ]) {
      assert.ok(state.isDirectMember(SAMPLE_GROUPS.pilot, id));
    }
    assert.equal(group(SAMPLE_GROUPS.pilot)?.members.length, 8);
    assert.equal(group(SAMPLE_GROUPS.finance)?.members.length, 20);
    assert.ok(group(SAMPLE_GROUPS.allStaff)?.members.includes(SAMPLE_GROUPS.finance), 'Finance is nested');
    // Two admins, so a number Adele corrects can be approved by somebody else (Megan, the helpdesk).
    assert.deepEqual(group(SAMPLE_GROUPS.admins)?.members, [SAMPLE_USERS.adele, SAMPLE_USERS.megan]);
    assert.deepEqual(group(SAMPLE_GROUPS.enforcement)?.members, []);
    const everyone = state.transitiveUserIds(SAMPLE_GROUPS.allStaff);
    assert.equal(everyone.length, tenant.users.length);
    assert.equal(new Set(everyone).size, everyone.length, 'no user twice');
    // Some Finance users are only reachable through the nesting.
    const financeOnly = group(SAMPLE_GROUPS.finance)!.members.filter(
      (id) => !state.isDirectMember(SAMPLE_GROUPS.allStaff, id),
    );
    assert.ok(financeOnly.length > 10);
  });

  it('has the break-glass account in All Staff, without a phone', () => {
    const breakGlass = byId.get(SAMPLE_USERS.breakGlass);
    assert.ok(breakGlass);
    assert.equal(breakGlass.phoneMethods.length, 0);
    assert.match(breakGlass.notes ?? '', /emergency/i);
    assert.ok(new TenantState(tenant).isTransitiveMember(SAMPLE_GROUPS.allStaff, SAMPLE_USERS.breakGlass));
  });

  it('mixes countries, missing phones, malformed preloads, Authenticator and passkeys', () => {
    const countries = new Set(tenant.users.map((user) => user.usageLocation));
    for (const country of ['DK', 'DE', 'FR', 'ES', 'GB', 'US', 'SE', 'NL'])
      assert.ok(countries.has(country), country);
    const mobiles = tenant.users.map((user) => mobileOf(user.id));
    assert.ok(mobiles.filter((mobile) => mobile === undefined).length >= 5, 'users without a phone');
    const malformed = mobiles.filter((mobile) => mobile !== undefined && !isValidGraphPhoneNumber(mobile));
    assert.ok(malformed.length >= 5, `malformed preloads: ${malformed.length}`);
    for (const sample of ['004520123410', '+45 2012', '20 12 34 12'])
      assert.ok(malformed.includes(sample), sample);
    const methods = tenant.users.flatMap((user) => user.registeredMethods);
    assert.ok(methods.filter((method) => method === 'microsoftAuthenticatorPush').length >= 3);
    assert.ok(methods.some((method) => method.startsWith('passKey')));
    assert.ok(tenant.users.filter((user) => user.managerId).length >= 10, 'managers set');
  });

  it('keeps malformed preloads as they were written', () => {
    const state = new TenantState(tenant);
    const freja = tenant.users.find((user) => user.userPrincipalName.startsWith('FrejaH@'))!;
    assert.equal(state.phoneOf(freja.id, 'mobile')?.phoneNumber, '004520123410');
  });
});

describe('tenant validation', () => {
  const base = (): SampleTenant => structuredClone(tenant);
  const rejects = (mutate: (copy: SampleTenant) => void, pattern: RegExp) => {
    const copy = base();
    mutate(copy);
    assert.throws(
      () => parseSampleTenant(copy, 'test'),
      (error: unknown) => error instanceof TenantValidationError && pattern.test(error.message),
    );
  };

  it('rejects a duplicate user id', () =>
    rejects((t) => t.users.push({ ...t.users[1]!, userPrincipalName: 'x@y' }), /duplicate user id/));
  it('rejects a duplicate userPrincipalName', () =>
    rejects((t) => {
      t.users[1]!.userPrincipalName = t.users[0]!.userPrincipalName.toUpperCase();
    }, /duplicate userPrincipalName/));
  it('rejects a group member that does not exist', () =>
    rejects(
      (t) => t.groups[0]!.members.push('0b4c2a1e-3d5f-4a60-8b71-999999999999'),
      /groups\.0\.members\.8: unknown member/,
    ));
  it('rejects an unknown manager', () =>
    rejects((t) => {
      t.users[0]!.managerId = '0b4c2a1e-3d5f-4a60-8b71-999999999999';
    }, /unknown manager/));
  it('rejects two mobiles for one user', () =>
    rejects(
      (t) => t.users[0]!.phoneMethods.push({ phoneType: 'mobile', phoneNumber: '+45 20000000' }),
      /one phone method per phoneType/,
    ));
  it('rejects an alternate mobile without a mobile', () =>
    rejects((t) => {
      t.users[2]!.phoneMethods = [{ phoneType: 'alternateMobile', phoneNumber: '+34 600000000' }];
    }, /alternateMobile needs a mobile/));
  it('rejects phone methods listed as registered methods (they are derived)', () =>
    rejects((t) => {
      (t.users[0]!.registeredMethods as string[]).push('mobilePhone');
    }, /users\.0\.registeredMethods/));
  it('rejects an id that is not a GUID', () =>
    rejects((t) => {
      t.users[0]!.id = 'adele';
    }, /users\.0\.id: expected a GUID/));

  it('names the file when it cannot be read or parsed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'graph-sim-'));
    try {
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ not json');
      assert.throws(
        () => loadSampleTenant(broken),
        (error: unknown) => error instanceof TenantValidationError && error.message.includes(broken),
      );
      assert.throws(() => loadSampleTenant(join(dir, 'missing.json')), TenantValidationError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
