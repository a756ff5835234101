import type { Client } from '@microsoft/microsoft-graph-client';
import { graphCall, UnexpectedGraphResponseError } from './errors';
import { segment } from './paging';

/**
 * Which of these groups the user belongs to, nested membership included (`checkMemberGroups`, at
 * most 20 group ids per call). Returns the ids as the caller gave them.
 */
export const MAX_GROUPS_PER_CHECK = 20;

export async function checkMemberGroups(
  client: Client,
  userId: string,
  groupIds: readonly string[],
): Promise<string[]> {
  const wanted = [...new Set(groupIds)];
  const member: string[] = [];
  for (let start = 0; start < wanted.length; start += MAX_GROUPS_PER_CHECK) {
    const chunk = wanted.slice(start, start + MAX_GROUPS_PER_CHECK);
    const body = (await graphCall(() =>
      client.api(`/users/${segment(userId)}/checkMemberGroups`).post({ groupIds: chunk }),
    )) as { value?: unknown };
    if (!Array.isArray(body?.value))
      throw new UnexpectedGraphResponseError('checkMemberGroups without value');
    const found = new Set((body.value as string[]).map((id) => String(id).toLowerCase()));
    member.push(...chunk.filter((id) => found.has(id.toLowerCase())));
  }
  return member;
}
