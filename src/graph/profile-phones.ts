import type { Client } from '@microsoft/microsoft-graph-client';
import type { User } from '@microsoft/microsoft-graph-types';
import { type BatchReader, type BatchReadOptions, readEachInBatches } from './batch-reads';
import { segment } from './paging';
import { UserLookupError } from './user-batch';

/**
 * Users' profile `mobilePhone` (the directory attribute, not an authentication method) through
 * `$batch`: the source of a preload `--from-directory`. Undefined when the profile has none.
 */
export type ProfileMobileResult = { mobilePhone?: string } | UserLookupError;

const profileMobileReader: BatchReader<ProfileMobileResult> = {
  url: (userId) => `/users/${segment(userId)}?$select=id,mobilePhone`,
  settle(status, response) {
    if (status >= 200 && status < 300) {
      const mobile = (response?.body as User | undefined)?.mobilePhone;
      return typeof mobile === 'string' && mobile.trim() ? { mobilePhone: mobile } : {};
    }
    if (status === 404) return new UserLookupError('not-found', status, undefined);
    return new UserLookupError(status === 429 ? 'throttled' : 'failed', status, undefined);
  },
};

export function readProfileMobilesBatch(
  client: Client,
  userIds: readonly string[],
  options: BatchReadOptions = {},
): Promise<Map<string, ProfileMobileResult>> {
  return readEachInBatches(client, userIds, profileMobileReader, options);
}
