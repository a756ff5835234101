import { seededRandom } from '../seeded-random';
import type { NonPhoneMethod, SampleTenant, SeedUser } from './tenant-schema';

/**
 * A large synthetic tenant for benchmarks and paging tests: `userCount` users in one group, a
 * deterministic mix of countries, phones (some malformed, some missing) and registered methods.
 * Linear in the user count and allocation-light, so 100,000 users take well under a second.
 */
export const GENERATED_GROUP_ID = '9a0e1b2c-2222-4222-8222-000000000001';
export const GENERATED_TENANT_ID = '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b';

export interface GenerateTenantOptions {
  /** PRNG seed: the same seed gives the same tenant. */
  seed?: number;
  tenantId?: string;
  domain?: string;
  groupId?: string;
  groupName?: string;
  /** Share of users with a well-formed mobile (0..1). */
  phoneShare?: number;
  /** Share of users whose mobile was preloaded malformed (0..1). */
  malformedShare?: number;
  /** Share of users already on Microsoft Authenticator (0..1). */
  authenticatorShare?: number;
}

interface Country {
  code: string;
  language: string;
  callingCode: string;
  /** National mobile prefix and how many random digits follow it. */
  prefix: string;
  digits: number;
}

// Ranges libphonenumber accepts as mobile, so generated phones are "good" unless made malformed on
// purpose: the US 555-0xxx and Swedish 070-17406xx fiction ranges; GB and FR use documentation
// example ranges because their drama ranges (07700 900xxx, 06 39 98) do not validate.
const COUNTRIES: readonly Country[] = [
  { code: 'DK', language: 'da-DK', callingCode: '45', prefix: '2012', digits: 4 },
  { code: 'DE', language: 'de-DE', callingCode: '49', prefix: '15112', digits: 6 },
  { code: 'FR', language: 'fr-FR', callingCode: '33', prefix: '6123', digits: 5 },
  { code: 'ES', language: 'es-ES', callingCode: '34', prefix: '6000', digits: 5 },
  { code: 'GB', language: 'en-GB', callingCode: '44', prefix: '74001', digits: 5 },
  { code: 'US', language: 'en-US', callingCode: '1', prefix: '4255550', digits: 3 },
  { code: 'SE', language: 'sv-SE', callingCode: '46', prefix: '7017406', digits: 2 },
  { code: 'NL', language: 'nl-NL', callingCode: '31', prefix: '6123', digits: 5 },
];

const GIVEN = [
  'Ada',
  'Bo',
  'Carla',
  'Dan',
  'Eva',
  'Finn',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Kim',
  'Lea',
  'Max',
  'Nora',
];
const FAMILY = [
  'Berg',
  'Costa',
  'Dahl',
  'Evans',
  'Fischer',
  'Garcia',
  'Holm',
  'Jansen',
  'Klein',
  'Laurent',
  'Moreau',
];

export function generatedUserId(index: number): string {
  return `0c000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

export function generateTenant(userCount: number, options: GenerateTenantOptions = {}): SampleTenant {
  if (!Number.isInteger(userCount) || userCount < 0)
    throw new RangeError('userCount must be a non-negative integer');
  const next = seededRandom(options.seed ?? 1);
  const domain = options.domain ?? 'contoso.onmicrosoft.com';
  const phoneShare = options.phoneShare ?? 0.8;
  const malformedShare = options.malformedShare ?? 0.02;
  const authenticatorShare = options.authenticatorShare ?? 0.2;
  const users: SeedUser[] = new Array(userCount);
  const members: string[] = new Array(userCount);

  for (let index = 0; index < userCount; index++) {
    const country = COUNTRIES[index % COUNTRIES.length]!;
    const given = GIVEN[index % GIVEN.length]!;
    const family = FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length]!;
    const id = generatedUserId(index);
    const upn = `user${index}@${domain}`;
    const digits = String(Math.floor(next() * 10 ** country.digits)).padStart(country.digits, '0');
    const roll = next();
    const phoneMethods: SeedUser['phoneMethods'] = [];
    if (roll < malformedShare) {
      // As a CSV import without the country code would have stored it.
      phoneMethods.push({
        phoneType: 'mobile',
        phoneNumber: `00${country.callingCode}${country.prefix}${digits}`,
      });
    } else if (roll < malformedShare + phoneShare) {
      phoneMethods.push({
        phoneType: 'mobile',
        phoneNumber: `+${country.callingCode} ${country.prefix}${digits}`,
      });
    }
    const registeredMethods: NonPhoneMethod[] =
      next() < authenticatorShare ? ['microsoftAuthenticatorPush'] : [];
    users[index] = {
      id,
      userPrincipalName: upn,
      displayName: `${given} ${family} ${index}`,
      givenName: given,
      surname: family,
      mail: upn,
      usageLocation: country.code,
      preferredLanguage: country.language,
      accountEnabled: true,
      isAdmin: false,
      phoneMethods,
      registeredMethods,
      perUserMfaState: 'disabled',
    };
    members[index] = id;
  }

  return {
    tenantId: options.tenantId ?? GENERATED_TENANT_ID,
    domain,
    users,
    groups: [
      {
        id: options.groupId ?? GENERATED_GROUP_ID,
        displayName: options.groupName ?? 'Generated Wave',
        members,
      },
    ],
  };
}
