import type { Client } from '@microsoft/microsoft-graph-client';
import { graphCall, UnexpectedGraphResponseError } from './errors';
import { segment } from './paging';

/**
 * Legacy per-user MFA (`perUserMfaState`), beta only. A tenant uses this or Conditional Access
 * enforcement, never both; choosing belongs to the caller (ENFORCEMENT_MODE).
 */
export const PER_USER_MFA_STATES = ['disabled', 'enabled', 'enforced'] as const;
export type PerUserMfaState = (typeof PER_USER_MFA_STATES)[number];

function path(userId: string): string {
  return `/users/${segment(userId)}/authentication/requirements`;
}

export async function getPerUserMfaState(client: Client, userId: string): Promise<PerUserMfaState> {
  const body = (await graphCall(() => client.api(path(userId)).version('beta').get())) as {
    perUserMfaState?: unknown;
  };
  const state = body?.perUserMfaState;
  if (typeof state !== 'string' || !(PER_USER_MFA_STATES as readonly string[]).includes(state)) {
    throw new UnexpectedGraphResponseError(`perUserMfaState ${JSON.stringify(state)}`);
  }
  return state as PerUserMfaState;
}

export async function setPerUserMfaState(
  client: Client,
  userId: string,
  state: PerUserMfaState,
): Promise<void> {
  await graphCall(() => client.api(path(userId)).version('beta').patch({ perUserMfaState: state }));
}
