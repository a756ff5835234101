/**
 * How a tenant enforces MFA, one mode per tenant: the Conditional Access group (Microsoft's advice),
 * legacy per-user MFA, or a dry rehearsal that does everything but the write.
 */
export const ENFORCEMENT_MODES = ['ca-group', 'per-user', 'report-only'] as const;
export type EnforcementMode = (typeof ENFORCEMENT_MODES)[number];
