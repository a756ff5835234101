import { hasStrongMethod } from './directory';

/**
 * The Verify check: an enforced user must still be enforced and still have a way to sign in.
 * Two losses, each flagged to the admins once (until it is mended and lost again).
 */
export const VERIFY_LOSSES = ['lost-methods', 'not-enforced'] as const;
export type VerifyLoss = (typeof VERIFY_LOSSES)[number];

/** How the enforcement is read back: the CA group's members, per-user MFA state, or not at all. */
export type EnforcementReadBack =
  | { kind: 'group'; groupId: string }
  | { kind: 'per-user' }
  | { kind: 'none' };

/**
 * The mode as configured (any spelling the settings use): per-user MFA is read per user; a
 * rehearsal (`report-only`) wrote nothing, so there is nothing to read back; otherwise the CA group.
 */
export function enforcementReadBack(mode: string, groupId: string): EnforcementReadBack {
  if (mode === 'per-user') return { kind: 'per-user' };
  if (mode === 'report-only' || !groupId) return { kind: 'none' };
  return { kind: 'group', groupId };
}

/** Phone methods as the registration report names them. */
const PHONE_METHODS = new Set(['mobilePhone', 'alternateMobilePhone', 'officePhone']);

/** No phone left and no Authenticator, passkey, FIDO2 or Windows Hello: MFA can no longer be done. */
export function hasNoUsableMethod(methodsRegistered: readonly string[]): boolean {
  return (
    !methodsRegistered.some((method) => PHONE_METHODS.has(method)) && !hasStrongMethod(methodsRegistered)
  );
}

export interface VerifyFacts {
  /** The registration report's methods, or undefined when the report does not list the user as unregistered. */
  methodsRegistered: readonly string[] | undefined;
  /** Still in the CA group / per-user state still enforced; undefined when it was not read back. */
  stillEnforced: boolean | undefined;
}

/** What an enforced user has lost, in VERIFY_LOSSES order; empty when all is well. */
export function verifyLosses(facts: VerifyFacts): VerifyLoss[] {
  const losses: VerifyLoss[] = [];
  if (facts.methodsRegistered && hasNoUsableMethod(facts.methodsRegistered)) losses.push('lost-methods');
  if (facts.stillEnforced === false) losses.push('not-enforced');
  return losses;
}
