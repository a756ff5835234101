import type { UserLookupError } from '../graph/user-batch';

/** Why the directory did not give a CSV row's user, in the words of the import and wave reports. */
export function describeLookupFailure(failure: UserLookupError): string {
  switch (failure.reason) {
    case 'not-found':
      return 'no such user in the directory';
    case 'rejected':
      return `the directory refused this identifier (${failure.status}${failure.code ? ` ${failure.code}` : ''})`;
    case 'incomplete':
      return 'the directory returned the user without a userPrincipalName';
    case 'throttled':
      return 'could not be checked: Graph kept throttling';
    case 'failed':
      return `could not be checked (${failure.status}${failure.code ? ` ${failure.code}` : ''})`;
  }
}
