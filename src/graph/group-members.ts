import type { Client } from '@microsoft/microsoft-graph-client';
import type { Group, User } from '@microsoft/microsoft-graph-types';
import type { DirectoryUser } from '../rollout/directory';
import { graphCall } from './errors';
import { getPage, requestForLink, segment } from './paging';
import { toDirectoryUser, USER_SELECT } from './user-mapping';

/**
 * The users of a group, nested groups included (`transitiveMembers/microsoft.graph.user`), one page
 * at a time: memory holds one page however big the group is. Each page carries the link to the
 * next one so a crashed expansion can resume where it stopped (`startAt`).
 */
export const MAX_PAGE_SIZE = 999;

export interface GroupUserPage {
  users: DirectoryUser[];
  /** The page after this one; undefined on the last page. */
  nextLink: string | undefined;
}

export interface GroupUserPageOptions {
  /** A `nextLink` from an earlier page: continue from there instead of the first page. */
  startAt?: string | undefined;
  /** 1..999; 999 (fewest round trips) by default. */
  pageSize?: number;
}

export async function* listGroupUserPages(
  client: Client,
  groupId: string,
  options: GroupUserPageOptions = {},
): AsyncGenerator<GroupUserPage, void, undefined> {
  const pageSize = Math.min(Math.max(1, Math.floor(options.pageSize ?? MAX_PAGE_SIZE)), MAX_PAGE_SIZE);
  let request = options.startAt
    ? requestForLink(client, options.startAt)
    : client
        .api(`/groups/${segment(groupId)}/transitiveMembers/microsoft.graph.user`)
        .select([...USER_SELECT])
        .top(pageSize);
  for (;;) {
    const page = await getPage<User>(request);
    const users = page.value.flatMap((user) => toDirectoryUser(user) ?? []);
    yield { users, nextLink: page.nextLink };
    if (!page.nextLink) return;
    request = requestForLink(client, page.nextLink);
  }
}

/** The group's display name (for naming a wave); a missing group is a GraphRequestError with status 404. */
export async function getGroupName(client: Client, groupId: string): Promise<string | undefined> {
  const group = (await graphCall(() =>
    client
      .api(`/groups/${segment(groupId)}`)
      .select(['id', 'displayName'])
      .get(),
  )) as Group;
  return group.displayName ?? undefined;
}
