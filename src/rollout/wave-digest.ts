import type { UserStatus, WaveUserRecord } from './user-state';

/** How many people the admin digest names per group; the others are counted ("and 12 more"). */
export const DIGEST_NAMES_PER_LIST = 10;

/** States whose users may need an admin to act, in the order the digest names them. */
export const DIGEST_ATTENTION_STATUSES = [
  'unreachable',
  'no-phone',
  'disputed',
  'unresponsive',
] as const satisfies readonly UserStatus[];

export type DigestAttentionStatus = (typeof DIGEST_ATTENTION_STATUSES)[number];

/**
 * States a user is in while a number they gave waits for the helpdesk (policy `approval`): they
 * said the number on file is wrong, or had none. The digest lists them apart from the others of
 * those states, who have not given a number yet.
 */
export const AWAITING_APPROVAL_STATUSES = [
  'disputed',
  'no-phone',
] as const satisfies readonly DigestAttentionStatus[];

export type AwaitingApprovalStatus = (typeof AWAITING_APPROVAL_STATUSES)[number];

export function mayAwaitApproval(status: UserStatus): status is AwaitingApprovalStatus {
  return (AWAITING_APPROVAL_STATUSES as readonly UserStatus[]).includes(status);
}

/** Which sign-in method a ready user has: their enforcement goes differently after February 2027. */
export type ReadyMethod = 'strong' | 'phone-only';

export const READY_METHODS: readonly ReadyMethod[] = ['strong', 'phone-only'];

export function readyMethodOf(record: Pick<WaveUserRecord, 'strongMethod'>): ReadyMethod {
  return record.strongMethod ? 'strong' : 'phone-only';
}

/** A few users of one group, and how many the group has in all. */
export interface NamedUsers {
  users: readonly WaveUserRecord[];
  total: number;
}

/** What the admin digest shows about a wave: every state's count, and a few names per group. */
export interface WaveDigest {
  counts: Record<UserStatus, number>;
  ready: Record<ReadyMethod, NamedUsers>;
  /** Per state, the users who need an admin; those waiting for the helpdesk are in awaitingApproval instead. */
  attention: Record<DigestAttentionStatus, NamedUsers>;
  /** Users whose corrected number waits for the helpdesk to approve it. */
  awaitingApproval: NamedUsers;
  /**
   * Once Microsoft-provided SMS/voice retired (and no own telecom provider): the phone-only ready
   * users, who are not ready to enforce but "need Authenticator or a passkey". Set by withSmsRetirement.
   */
  needsStrongMethod?: NamedUsers;
  /** Ready users the enforcement gates would let through on their method; set by withSmsRetirement. */
  enforceable?: number;
}

/**
 * The digest as the SMS/voice retirement makes it: after the date a phone-only user is not ready
 * to enforce (enforcing would meet a blocking prompt), so they are counted apart.
 */
export function withSmsRetirement(digest: WaveDigest, retired: boolean): WaveDigest {
  const phoneOnly = digest.ready['phone-only'];
  return {
    ...digest,
    needsStrongMethod: retired ? phoneOnly : { users: [], total: 0 },
    enforceable: digest.ready.strong.total + (retired ? 0 : phoneOnly.total),
  };
}
