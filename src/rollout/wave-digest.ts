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
  attention: Record<DigestAttentionStatus, NamedUsers>;
}
