/**
 * Who may run admin commands: a configured admin id, or a member of the configured admin group.
 * Group membership is looked up by the caller (graph/) and passed in, so the decision stays pure.
 */
export interface AdminPolicy {
  adminUserIds: readonly string[];
  adminGroupId: string;
}

export type AdminDecision = { admin: true; via: 'user-id' | 'group' } | { admin: false };

export function needsGroupLookup(policy: AdminPolicy, userId: string | undefined): boolean {
  return Boolean(userId && policy.adminGroupId && !isListedAdmin(policy, userId));
}

function isListedAdmin(policy: AdminPolicy, userId: string): boolean {
  const wanted = userId.toLowerCase();
  return policy.adminUserIds.some((id) => id.toLowerCase() === wanted);
}

export function decideAdmin(
  policy: AdminPolicy,
  userId: string | undefined,
  memberOfAdminGroup: boolean | undefined,
): AdminDecision {
  if (!userId) return { admin: false };
  if (isListedAdmin(policy, userId)) return { admin: true, via: 'user-id' };
  if (policy.adminGroupId && memberOfAdminGroup === true) return { admin: true, via: 'group' };
  return { admin: false };
}
