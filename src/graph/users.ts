import type { Client } from '@microsoft/microsoft-graph-client';
import type { User } from '@microsoft/microsoft-graph-types';
import type { DirectoryUser } from '../rollout/directory';
import { GraphRequestError, graphCall } from './errors';
import { segment } from './paging';
import { toDirectoryUser, USER_SELECT } from './user-mapping';

/** One user by object id or userPrincipalName; undefined when the directory has no such user. */
export async function getUser(client: Client, idOrUpn: string): Promise<DirectoryUser | undefined> {
  return undefinedIfNotFound(async () => {
    const user = (await graphCall(() =>
      client
        .api(`/users/${segment(idOrUpn)}`)
        .select([...USER_SELECT])
        .get(),
    )) as User;
    return toDirectoryUser(user);
  });
}

/** The user's manager; undefined when none is set (Graph answers 404 for both "no manager" and "no user"). */
export async function getManager(client: Client, userId: string): Promise<DirectoryUser | undefined> {
  return undefinedIfNotFound(async () => {
    const manager = (await graphCall(() =>
      client
        .api(`/users/${segment(userId)}/manager`)
        .select([...USER_SELECT])
        .get(),
    )) as User;
    return toDirectoryUser(manager);
  });
}

async function undefinedIfNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GraphRequestError && error.isNotFound) return undefined;
    throw error;
  }
}
