import type { Client } from '@microsoft/microsoft-graph-client';
import type { User } from '@microsoft/microsoft-graph-types';
import type { DirectoryUser } from '../rollout/directory';
import { type BatchReader, type BatchReadOptions, errorCode, readEachInBatches } from './batch-reads';
import { segment } from './paging';
import { toDirectoryUser, USER_SELECT } from './user-mapping';

/**
 * Many users by object id or userPrincipalName through JSON `$batch`, 20 reads per request, in the
 * style of readPhoneMethodsBatch: each item is throttled on its own, so a 429 (or 503/504) item is
 * retried after its own Retry-After while the others are kept. The result has one entry per
 * identifier asked: the user, or a UserLookupError saying why not (404: no such user).
 */

export type UserLookupFailure = 'not-found' | 'rejected' | 'incomplete' | 'throttled' | 'failed';

export class UserLookupError extends Error {
  constructor(
    readonly reason: UserLookupFailure,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`User could not be read: ${reason} (${status}${code ? ` ${code}` : ''})`);
    this.name = 'UserLookupError';
  }

  /** The directory answered for this user (no such user, an identifier it refuses): retrying will not help. */
  get isFinal(): boolean {
    return this.reason === 'not-found' || this.reason === 'rejected' || this.reason === 'incomplete';
  }
}

export type UserLookupResult = DirectoryUser | UserLookupError;

export type UserBatchOptions = BatchReadOptions;

export function userPath(idOrUpn: string): string {
  return `/users/${segment(idOrUpn)}?$select=${USER_SELECT.join(',')}`;
}

const userReader: BatchReader<UserLookupResult> = {
  url: userPath,
  settle(status, response) {
    if (status >= 200 && status < 300 && response?.body) {
      return toDirectoryUser(response.body as User) ?? new UserLookupError('incomplete', status, undefined);
    }
    if (status === 404) return new UserLookupError('not-found', status, errorCode(response));
    // Graph refuses an identifier it cannot read as an id or a UPN: as final as a 404.
    if (status === 400) return new UserLookupError('rejected', status, errorCode(response));
    return new UserLookupError(status === 429 ? 'throttled' : 'failed', status, errorCode(response));
  },
};

export function readUsersBatch(
  client: Client,
  idsOrUpns: readonly string[],
  options: UserBatchOptions = {},
): Promise<Map<string, UserLookupResult>> {
  return readEachInBatches(client, idsOrUpns, userReader, options);
}
