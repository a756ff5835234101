import type { UserStatus } from './user-state';

/**
 * The gates every user passes before enforcement (issue 10): nobody is enforced who would be locked
 * out, and every user held back is listed with the reason, never silently skipped. Pure: the caller
 * reads the facts (directory, groups, phone methods) and passes them in.
 */
export const ENFORCEMENT_GATES = [
  /** EXCLUDED_USER_IDS, or excluded from the wave: never, override or not. */
  'excluded',
  /** A member of BREAK_GLASS_GROUP_ID: never, override or not. */
  'break-glass',
  'account-deleted',
  'account-disabled',
  /** No longer in the group the wave was made from. */
  'left-wave-group',
  /** Neither a confirmed phone still on the account nor a strong method: only an admin override lets them through. */
  'no-usable-method',
  /** Phone-only after Microsoft-provided SMS/voice retired (no own telecom provider): needs Authenticator or a passkey. */
  'needs-strong-method',
  /** Graph could not tell us (throttled, failed) this time: held rather than guessed; preview again. */
  'unverified',
] as const;
export type EnforcementGate = (typeof ENFORCEMENT_GATES)[number];

/** Gates an admin override can lift: the method gates. Identity gates hold whatever anyone says. */
export const OVERRIDABLE_GATES: readonly EnforcementGate[] = ['no-usable-method', 'needs-strong-method'];

export function isOverridable(gate: EnforcementGate): boolean {
  return OVERRIDABLE_GATES.includes(gate);
}

/** An admin's decision to enforce one user despite a method gate, with the reason (audited). */
export interface EnforcementOverride {
  by: { id: string; name: string };
  reason: string;
  at: string;
}

export interface EnforcementFacts {
  status: UserStatus;
  /** Authenticator, a passkey, FIDO2 or Windows Hello registered (the registration sweep keeps it). */
  strongMethod: boolean;
  /** In EXCLUDED_USER_IDS. */
  excludedByConfig: boolean;
  breakGlass: boolean;
  account: 'enabled' | 'disabled' | 'deleted' | 'unknown';
  /** Still in the wave's source group (always true for a CSV wave: it has no group). */
  inWaveSource: boolean | 'unknown';
  /** A phone method is on the account now (read again; the confirmation may be old). */
  phoneOnAccount: boolean | 'unknown';
  override?: EnforcementOverride | undefined;
}

export interface RetirementPolicy {
  /** `SMS_VOICE_RETIREMENT_DATE`, an ISO day; the retirement starts at its midnight UTC. */
  retirementDate: string;
  telecomProviderDeclared: boolean;
}

/** Whether Microsoft-provided SMS and voice still work for sign-in at `now`. */
export function smsVoiceRetired(policy: RetirementPolicy, now: Date): boolean {
  if (policy.telecomProviderDeclared) return false;
  return now.getTime() >= Date.parse(`${policy.retirementDate}T00:00:00Z`);
}

export type GateDecision =
  | { enforce: true; override: boolean }
  | { enforce: false; gate: EnforcementGate; overridden?: false };

/** The one decision per user; the first gate that holds wins, identity gates before method gates. */
export function decideEnforcement(
  facts: EnforcementFacts,
  policy: RetirementPolicy,
  now: Date,
): GateDecision {
  const hold = (gate: EnforcementGate): GateDecision => ({ enforce: false, gate });
  if (facts.excludedByConfig || facts.status === 'excluded') return hold('excluded');
  if (facts.breakGlass) return hold('break-glass');
  if (facts.account === 'deleted') return hold('account-deleted');
  if (facts.account === 'disabled') return hold('account-disabled');
  if (facts.inWaveSource === false) return hold('left-wave-group');
  if (facts.account === 'unknown' || facts.inWaveSource === 'unknown') return hold('unverified');
  const methodGate = methodGateOf(facts, policy, now);
  if (methodGate === 'unverified') return hold('unverified');
  if (!methodGate) return { enforce: true, override: false };
  return facts.override ? { enforce: true, override: true } : hold(methodGate);
}

/** The method gate that holds, if any: a ready user confirmed their phone or registered a strong method. */
function methodGateOf(
  facts: EnforcementFacts,
  policy: RetirementPolicy,
  now: Date,
): EnforcementGate | undefined {
  if (facts.strongMethod) return undefined;
  // Without a strong method, only a ready user has a confirmed phone (confirmed → ready).
  if (facts.status !== 'ready') return 'no-usable-method';
  if (facts.phoneOnAccount === 'unknown') return 'unverified';
  if (!facts.phoneOnAccount) return 'no-usable-method';
  return smsVoiceRetired(policy, now) ? 'needs-strong-method' : undefined;
}

/** Four eyes: more users than the threshold at once needs a second admin. */
export function needsSecondAdmin(count: number, threshold: number): boolean {
  return count > threshold;
}

/** Statuses whose users an enforcement plan looks at: ready, or any other with an override on file. */
export function isEnforcementCandidate(status: UserStatus, overridden: boolean): boolean {
  if (status === 'ready') return true;
  return overridden && status !== 'enforced' && status !== 'excluded';
}
