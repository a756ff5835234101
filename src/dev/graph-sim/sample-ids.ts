/**
 * Fixed ids of the sample tenant (src/dev/sample-tenant.json). The Teams Playground config, the dev
 * launcher and tests refer to these people and groups by id; the unit tests check the file still
 * holds them.
 */
export const SAMPLE_TENANT_ID = '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b';
export const SAMPLE_DOMAIN = 'contoso.onmicrosoft.com';

export const SAMPLE_USERS = {
  adele: '0b4c2a1e-3d5f-4a60-8b71-000000000001',
  alex: '0b4c2a1e-3d5f-4a60-8b71-000000000002',
  diego: '0b4c2a1e-3d5f-4a60-8b71-000000000003',
  isaiah: '0b4c2a1e-3d5f-4a60-8b71-000000000004',
  lidia: '0b4c2a1e-3d5f-4a60-8b71-000000000005',
  /** The helpdesk: a rollout admin besides Adele, so a number Adele corrects can be approved. */
  megan: '0b4c2a1e-3d5f-4a60-8b71-000000000006',
  breakGlass: '0b4c2a1e-3d5f-4a60-8b71-00000000ffff',
} as const;

export const SAMPLE_GROUPS = {
  pilot: '9a0e1b2c-1111-4111-8111-000000000001',
  finance: '9a0e1b2c-1111-4111-8111-000000000002',
  allStaff: '9a0e1b2c-1111-4111-8111-000000000003',
  admins: '9a0e1b2c-1111-4111-8111-000000000004',
  enforcement: '9a0e1b2c-1111-4111-8111-000000000005',
} as const;
