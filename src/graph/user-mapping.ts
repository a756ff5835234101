import type { User } from '@microsoft/microsoft-graph-types';
import type { DirectoryUser } from '../rollout/directory';

/** The user properties the rollout reads; accountEnabled and usageLocation are only returned when selected. */
export const USER_SELECT = [
  'id',
  'userPrincipalName',
  'displayName',
  'mail',
  'usageLocation',
  'preferredLanguage',
  'accountEnabled',
] as const;

export function toDirectoryUser(user: User): DirectoryUser | undefined {
  if (!user.id || !user.userPrincipalName) return undefined;
  const out: DirectoryUser = {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName || user.userPrincipalName,
  };
  if (user.mail) out.mail = user.mail;
  if (user.usageLocation) out.usageLocation = user.usageLocation;
  if (user.preferredLanguage) out.preferredLanguage = user.preferredLanguage;
  if (typeof user.accountEnabled === 'boolean') out.accountEnabled = user.accountEnabled;
  return out;
}
