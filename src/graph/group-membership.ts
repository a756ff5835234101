import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, graphCall } from './errors';
import { segment } from './paging';

/**
 * Adding users to a group (the Conditional Access enforcement group). Bulk first: PATCH with
 * `members@odata.bind`, 20 per request. That is all or nothing, so one user who is already a member
 * (or unknown) fails the whole chunk; that chunk is then done one by one with `members/$ref`, where
 * "already a member" counts as success. Every user gets an outcome; nothing is thrown for one user.
 */
export const MAX_BIND_PER_REQUEST = 20;
/** Graph wants its own URL in a bind, whatever host the client talks to. */
const DIRECTORY_OBJECTS = 'https://graph.microsoft.com/v1.0/directoryObjects';

export type MemberAddStatus = 'added' | 'already-member' | 'not-found' | 'failed';

export interface MemberAddOutcome {
  status: MemberAddStatus;
  /** Why, for 'failed' (and 'not-found'). */
  error?: GraphRequestError;
}

function isAlreadyMember(error: GraphRequestError): boolean {
  return error.status === 400 && /already exist/i.test(error.message);
}

async function addOne(client: Client, groupId: string, userId: string): Promise<MemberAddOutcome> {
  try {
    await graphCall(() =>
      client
        .api(`/groups/${segment(groupId)}/members/$ref`)
        .post({ '@odata.id': `${DIRECTORY_OBJECTS}/${userId}` }),
    );
    return { status: 'added' };
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
    if (isAlreadyMember(error)) return { status: 'already-member' };
    if (error.isNotFound) return { status: 'not-found', error };
    return { status: 'failed', error };
  }
}

export async function addMembers(
  client: Client,
  groupId: string,
  userIds: readonly string[],
): Promise<Map<string, MemberAddOutcome>> {
  const outcomes = new Map<string, MemberAddOutcome>();
  const unique = [...new Set(userIds)];
  for (let start = 0; start < unique.length; start += MAX_BIND_PER_REQUEST) {
    const chunk = unique.slice(start, start + MAX_BIND_PER_REQUEST);
    try {
      await graphCall(() =>
        client
          .api(`/groups/${segment(groupId)}`)
          .patch({ 'members@odata.bind': chunk.map((id) => `${DIRECTORY_OBJECTS}/${id}`) }),
      );
      for (const id of chunk) outcomes.set(id, { status: 'added' });
    } catch (error) {
      if (!(error instanceof GraphRequestError)) throw error;
      if (error.status === 400 || error.status === 404) {
        // Somebody in the chunk blocked it: sort it out one user at a time.
        for (const id of chunk) outcomes.set(id, await addOne(client, groupId, id));
      } else {
        for (const id of chunk) outcomes.set(id, { status: 'failed', error });
      }
    }
  }
  return outcomes;
}

/** For undoing an enforcement: 'not-member' when there was nothing to remove. */
export async function removeMember(
  client: Client,
  groupId: string,
  userId: string,
): Promise<'removed' | 'not-member'> {
  try {
    await graphCall(() => client.api(`/groups/${segment(groupId)}/members/${segment(userId)}/$ref`).delete());
    return 'removed';
  } catch (error) {
    if (error instanceof GraphRequestError && error.isNotFound) return 'not-member';
    throw error;
  }
}
