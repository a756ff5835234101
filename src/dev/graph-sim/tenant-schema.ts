import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GUID_PATTERN } from '../../rollout/guid';

/**
 * The seed a simulator starts from: users with the phone methods IT preloaded (stored exactly as
 * written, even when Graph's API would refuse to write them), the other methods they registered,
 * and groups that may nest. Registration details are derived from this, never stored, so they can
 * not disagree with the phones.
 */
const guid = z.string().regex(GUID_PATTERN, 'expected a GUID');

export const PHONE_TYPES = ['mobile', 'alternateMobile', 'office'] as const;

/** Graph's names for the registered methods that are not phones (phones are derived from phoneMethods). */
export const NON_PHONE_METHODS = [
  'email',
  'microsoftAuthenticatorPush',
  'microsoftAuthenticatorPasswordless',
  'softwareOneTimePasscode',
  'hardwareOneTimePasscode',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'fido2',
  'windowsHelloForBusiness',
  'temporaryAccessPass',
  'securityQuestion',
] as const;

export const PER_USER_MFA_STATES = ['disabled', 'enabled', 'enforced'] as const;

const SeedPhone = z.object({
  phoneType: z.enum(PHONE_TYPES),
  /** As preloaded: not validated, a seed may hold the malformed values real tenants contain. */
  phoneNumber: z.string().min(1),
});

const SeedUser = z.object({
  id: guid,
  userPrincipalName: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'expected name@domain'),
  displayName: z.string().min(1),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  mail: z.string().optional(),
  jobTitle: z.string().optional(),
  department: z.string().optional(),
  officeLocation: z.string().optional(),
  usageLocation: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166 two-letter code')
    .optional(),
  preferredLanguage: z.string().optional(),
  accountEnabled: z.boolean().default(true),
  /** The profile's mobile phone (a directory attribute, not an authentication method): a preload source. */
  mobilePhone: z.string().min(1).optional(),
  /** Holds an admin role (userRegistrationDetails.isAdmin). */
  isAdmin: z.boolean().default(false),
  managerId: guid.optional(),
  /** For people reading the file; never served. */
  notes: z.string().optional(),
  phoneMethods: z.array(SeedPhone).default([]),
  registeredMethods: z.array(z.enum(NON_PHONE_METHODS)).default([]),
  perUserMfaState: z.enum(PER_USER_MFA_STATES).default('disabled'),
});

const SeedGroup = z.object({
  id: guid,
  displayName: z.string().min(1),
  description: z.string().optional(),
  mailNickname: z.string().optional(),
  /** Ids of users or of other groups (nested). */
  members: z.array(guid).default([]),
});

export const SampleTenant = z
  .object({
    tenantId: guid,
    domain: z.string().min(1),
    users: z.array(SeedUser),
    groups: z.array(SeedGroup).default([]),
  })
  .superRefine((tenant, ctx) => {
    const userIds = new Set<string>();
    const upns = new Set<string>();
    tenant.users.forEach((user, index) => {
      const id = user.id.toLowerCase();
      if (userIds.has(id))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate user id ${user.id}`,
          path: ['users', index, 'id'],
        });
      userIds.add(id);
      const upn = user.userPrincipalName.toLowerCase();
      if (upns.has(upn)) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate userPrincipalName ${upn}`,
          path: ['users', index, 'userPrincipalName'],
        });
      }
      upns.add(upn);
      const types = user.phoneMethods.map((phone) => phone.phoneType);
      if (new Set(types).size !== types.length) {
        ctx.addIssue({
          code: 'custom',
          message: 'at most one phone method per phoneType',
          path: ['users', index, 'phoneMethods'],
        });
      }
      if (types.includes('alternateMobile') && !types.includes('mobile')) {
        ctx.addIssue({
          code: 'custom',
          message: 'alternateMobile needs a mobile phone first',
          path: ['users', index, 'phoneMethods'],
        });
      }
    });
    tenant.users.forEach((user, index) => {
      if (user.managerId && (!userIds.has(user.managerId.toLowerCase()) || user.managerId === user.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown manager ${user.managerId}`,
          path: ['users', index, 'managerId'],
        });
      }
    });
    const groupIds = new Set<string>();
    tenant.groups.forEach((group, index) => {
      const id = group.id.toLowerCase();
      if (groupIds.has(id) || userIds.has(id)) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate object id ${group.id}`,
          path: ['groups', index, 'id'],
        });
      }
      groupIds.add(id);
    });
    tenant.groups.forEach((group, index) => {
      group.members.forEach((member, memberIndex) => {
        const id = member.toLowerCase();
        if (!userIds.has(id) && !groupIds.has(id)) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown member ${member}`,
            path: ['groups', index, 'members', memberIndex],
          });
        }
      });
    });
  });

export type SampleTenant = z.output<typeof SampleTenant>;
export type SeedUser = SampleTenant['users'][number];
export type SeedGroup = SampleTenant['groups'][number];
export type SeedPhone = SeedUser['phoneMethods'][number];
export type NonPhoneMethod = (typeof NON_PHONE_METHODS)[number];
export type PerUserMfaState = (typeof PER_USER_MFA_STATES)[number];

export class TenantValidationError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(
      `Invalid sample tenant ${source}: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? '; ...' : ''}`,
    );
    this.name = 'TenantValidationError';
  }
}

export const DEFAULT_SAMPLE_TENANT_PATH = join(__dirname, '..', 'sample-tenant.json');

/** Validates any parsed value as a tenant; the error names every broken field by its path. */
export function parseSampleTenant(value: unknown, source = 'value'): SampleTenant {
  const parsed = SampleTenant.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new TenantValidationError(
    source,
    parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}

export function loadSampleTenant(path: string = DEFAULT_SAMPLE_TENANT_PATH): SampleTenant {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TenantValidationError(path, [error instanceof Error ? error.message : String(error)]);
  }
  return parseSampleTenant(raw, path);
}
