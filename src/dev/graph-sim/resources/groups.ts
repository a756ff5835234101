import { isGuid } from '../../../rollout/guid';
import type { SimGroup } from '../directory';
import { badRequest, resourceNotFound, SimHttpError } from '../graph-errors';
import { admitIdentityWrite } from '../identity-writes';
import {
  applySelect,
  collection,
  contextUrl,
  DIRECTORY_PAGE,
  json,
  nextLink,
  noContent,
  parseSelect,
  parseSkipToken,
  parseTop,
  validateSelect,
} from '../odata';
import type { Route, SimRequest, SimServices } from '../types';
import { requireUser, selectUser, USER_PROPERTIES } from './users';

/**
 * Groups: members (direct and transitive, paged), adding members one by one (`$ref`) or in bulk
 * (`PATCH members@odata.bind`, 20 at most, all or nothing), and checkMemberGroups.
 */
const MAX_BIND = 20;
const MAX_CHECK_GROUPS = 20;
const ALREADY_EXISTS =
  "One or more added object references already exist for the following modified properties: 'members'.";

const GROUP_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'displayName',
  'description',
  'mailNickname',
  'securityEnabled',
  'mailEnabled',
  'groupTypes',
]);

/** As Graph: a group id that is not a GUID is a bad request, a GUID no group has is not found. */
function requireGroup(services: SimServices, id: string): SimGroup {
  if (!isGuid(id)) throw badRequest(`Invalid object identifier '${id}'.`);
  const group = services.state.getGroup(id);
  if (!group) throw resourceNotFound(id);
  return group;
}

function groupResource(group: SimGroup): Record<string, unknown> {
  return {
    id: group.id,
    displayName: group.displayName,
    description: group.description ?? null,
    mailNickname: group.mailNickname,
    securityEnabled: true,
    mailEnabled: false,
    groupTypes: [],
  };
}

/** `https://graph.microsoft.com/v1.0/directoryObjects/{id}` (or users/groups) to the id. */
function referencedId(reference: unknown): string {
  const match =
    typeof reference === 'string'
      ? /\/(?:directoryObjects|users|groups)\/([0-9a-f-]{36})$/i.exec(reference)
      : null;
  if (!match) throw badRequest(`Invalid object identifier '${String(reference)}'.`);
  return match[1]!;
}

function page(
  services: SimServices,
  request: SimRequest,
  ids: readonly string[],
  render: (id: string) => unknown,
) {
  const top = parseTop(request.query, DIRECTORY_PAGE);
  const offset = parseSkipToken(request.query);
  // Only the page is materialised; the id list itself is cached by the tenant state.
  const value = ids.slice(offset, offset + top).map(render);
  const more = offset + top < ids.length;
  return { value, next: more ? nextLink(services.baseUrl, request, offset + top) : undefined };
}

function renderMember(services: SimServices, id: string, query: URLSearchParams): Record<string, unknown> {
  const user = services.state.findUser(id);
  if (user) return { '@odata.type': '#microsoft.graph.user', ...selectUser(user, query) };
  const group = services.state.getGroup(id)!;
  const select = parseSelect(query);
  const resource = groupResource(group);
  const fields = select
    ? Object.fromEntries(
        select.filter((name) => GROUP_PROPERTIES.has(name)).map((name) => [name, resource[name]]),
      )
    : resource;
  return { '@odata.type': '#microsoft.graph.group', ...fields };
}

export const groupRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)$/i,
    handler: (request, [id], services) => {
      const resource = groupResource(requireGroup(services, id!));
      return json(200, {
        '@odata.context': contextUrl(services.baseUrl, request.version, 'groups/$entity'),
        ...applySelect(
          resource,
          parseSelect(request.query),
          Object.keys(resource),
          GROUP_PROPERTIES,
          'group',
        ),
      });
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/groups\/([^/]+)$/i,
    handler: (request, [id], services) => {
      admitIdentityWrite(services);
      const group = requireGroup(services, id!);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const binds = body['members@odata.bind'];
      let toAdd: string[] = [];
      if (binds !== undefined) {
        if (!Array.isArray(binds)) throw badRequest("'members@odata.bind' must be an array.");
        if (binds.length > MAX_BIND) {
          throw badRequest(`The maximum number of ${MAX_BIND} members can be added in a single request.`);
        }
        toAdd = binds.map(referencedId);
        // All or nothing: validate every reference before touching the group.
        const seen = new Set<string>();
        for (const memberId of toAdd) {
          const key = memberId.toLowerCase();
          // As Graph: an object nobody has is 404, the group itself or a member already in it 400.
          if (!services.state.kindOf(key)) throw resourceNotFound(memberId);
          if (key === group.id.toLowerCase()) throw badRequest(`Invalid object identifier '${memberId}'.`);
          if (seen.has(key) || services.state.isDirectMember(group.id, key)) throw badRequest(ALREADY_EXISTS);
          seen.add(key);
        }
      }
      if (typeof body.displayName === 'string') group.displayName = body.displayName;
      if (typeof body.description === 'string') group.description = body.description;
      for (const memberId of toAdd) services.state.addMember(group.id, memberId);
      return noContent();
    },
  },
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)\/members$/i,
    handler: (request, [id], services) => {
      const group = requireGroup(services, id!);
      validateSelect(
        parseSelect(request.query)?.filter((name) => !GROUP_PROPERTIES.has(name)),
        USER_PROPERTIES,
        'directoryObject',
      );
      const ids = services.state.directMemberIds(group.id);
      const { value, next } = page(services, request, ids, (member) =>
        renderMember(services, member, request.query),
      );
      return json(
        200,
        collection(contextUrl(services.baseUrl, request.version, 'directoryObjects'), value, next),
      );
    },
  },
  {
    method: 'GET',
    pattern: /^\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/i,
    handler: (request, [id], services) => {
      const group = requireGroup(services, id!);
      const select = parseSelect(request.query);
      validateSelect(select, USER_PROPERTIES, 'user');
      const ids = services.state.transitiveUserIds(group.id);
      const { value, next } = page(services, request, ids, (member) =>
        selectUser(services.state.findUser(member)!, request.query),
      );
      const fragment = `users${select ? `(${select.join(',')})` : ''}`;
      return json(200, collection(contextUrl(services.baseUrl, request.version, fragment), value, next));
    },
  },
  {
    method: 'POST',
    pattern: /^\/groups\/([^/]+)\/members\/\$ref$/i,
    handler: (request, [id], services) => {
      admitIdentityWrite(services);
      const group = requireGroup(services, id!);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const memberId = referencedId(body['@odata.id']);
      if (!services.state.kindOf(memberId)) throw resourceNotFound(memberId);
      if (!services.state.addMember(group.id, memberId)) throw badRequest(ALREADY_EXISTS);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/groups\/([^/]+)\/members\/([^/]+)\/\$ref$/i,
    handler: (_request, [id, memberId], services) => {
      admitIdentityWrite(services);
      const group = requireGroup(services, id!);
      if (!services.state.removeMember(group.id, memberId!)) throw resourceNotFound(memberId!);
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: /^\/users\/([^/]+)\/checkMemberGroups$/i,
    handler: (request, [id], services) => {
      const user = requireUser(services, id!);
      const groupIds = (request.body as { groupIds?: unknown } | undefined)?.groupIds;
      if (
        !Array.isArray(groupIds) ||
        groupIds.length === 0 ||
        groupIds.some((value) => typeof value !== 'string')
      ) {
        throw badRequest("'groupIds' must be a non-empty array of strings.");
      }
      if (groupIds.length > MAX_CHECK_GROUPS) {
        throw new SimHttpError(
          400,
          'Request_BadRequest',
          `At most ${MAX_CHECK_GROUPS} groupIds may be checked at once.`,
        );
      }
      const value = (groupIds as string[]).filter((groupId) =>
        services.state.isTransitiveMember(groupId, user.id),
      );
      return json(200, {
        '@odata.context': contextUrl(services.baseUrl, request.version, 'Collection(Edm.String)'),
        value,
      });
    },
  },
];
