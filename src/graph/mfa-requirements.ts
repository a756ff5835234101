import type { Client } from '@microsoft/microsoft-graph-client';
import { type BatchReadOptions, errorCode, readEachInBatches } from './batch-reads';
import { isSuccess, itemError, writeEachInBatches } from './batch-writes';
import { type GraphRequestError, graphCall, UnexpectedGraphResponseError } from './errors';
import { segment } from './paging';
import type { WritePacer } from './write-pacer';

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

export interface PerUserMfaChange {
  userId: string;
  state: PerUserMfaState;
}

export type PerUserMfaWriteStatus = 'set' | 'user-not-found' | 'failed';

export interface PerUserMfaWriteOutcome {
  status: PerUserMfaWriteStatus;
  error?: GraphRequestError;
}

export interface PerUserMfaWriteOptions {
  /** Graph's identity write budget: each PATCH is one write. */
  pacer: WritePacer;
  /** Retries per item after a 429/503/504. Default 5. */
  maxRetries?: number;
  concurrency?: number;
}

/** Many users' per-user MFA state through beta `$batch`, 20 PATCHes per request, paced. */
export async function setPerUserMfaStates(
  client: Client,
  changes: readonly PerUserMfaChange[],
  options: PerUserMfaWriteOptions,
): Promise<Map<string, PerUserMfaWriteOutcome>> {
  const byUser = new Map(changes.map((change) => [change.userId, change.state]));
  const answers = await writeEachInBatches(
    client,
    [...byUser].map(([userId, state]) => ({
      key: userId,
      request: { method: 'PATCH' as const, url: path(userId), body: { perUserMfaState: state } },
    })),
    {
      pacer: options.pacer,
      version: 'beta',
      ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    },
  );
  return new Map(
    [...byUser.keys()].map((userId): [string, PerUserMfaWriteOutcome] => {
      const answer = answers.get(userId)!;
      if (isSuccess(answer)) return [userId, { status: 'set' }];
      const error = itemError(answer);
      return [userId, { status: answer.status === 404 ? 'user-not-found' : 'failed', error }];
    }),
  );
}

export type PerUserMfaRead =
  | PerUserMfaState
  | { error: 'user-not-found' | 'failed'; status: number; code?: string };

/** Many users' per-user MFA state through beta `$batch` reads (20 per request, per-item retries). */
export function readPerUserMfaStates(
  client: Client,
  userIds: readonly string[],
  options: Omit<BatchReadOptions, 'version'> = {},
): Promise<Map<string, PerUserMfaRead>> {
  return readEachInBatches<PerUserMfaRead>(
    client,
    userIds,
    {
      url: path,
      settle(status, response) {
        const state = (response?.body as { perUserMfaState?: unknown } | undefined)?.perUserMfaState;
        if (
          status === 200 &&
          typeof state === 'string' &&
          (PER_USER_MFA_STATES as readonly string[]).includes(state)
        ) {
          return state as PerUserMfaState;
        }
        const code = errorCode(response);
        return { error: status === 404 ? 'user-not-found' : 'failed', status, ...(code ? { code } : {}) };
      },
    },
    { ...options, version: 'beta' },
  );
}
