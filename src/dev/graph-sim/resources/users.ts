import type { SimUser } from '../directory';
import { resourceNotFound } from '../graph-errors';
import { applySelect, contextUrl, json, parseSelect } from '../odata';
import type { Route, SimServices } from '../types';

/** `GET /users/{id | userPrincipalName}` and `/manager`, with `$select`. */
export const USER_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'jobTitle',
  'department',
  'officeLocation',
  'usageLocation',
  'preferredLanguage',
  'accountEnabled',
  'businessPhones',
  'mobilePhone',
]);

/** What v1.0 returns without `$select`: accountEnabled, usageLocation and department need asking for. */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

export function userResource(user: SimUser): Record<string, unknown> {
  // businessPhones/mobilePhone are profile fields, not authentication methods; null when not set.
  return { ...user, businessPhones: [], mobilePhone: user.mobilePhone ?? null };
}

export function requireUser(services: SimServices, idOrUpn: string): SimUser {
  const user = services.state.findUser(idOrUpn);
  if (!user) throw resourceNotFound(idOrUpn);
  return user;
}

export function selectUser(user: SimUser, query: URLSearchParams): Record<string, unknown> {
  return applySelect(
    userResource(user),
    parseSelect(query),
    USER_DEFAULT_PROPERTIES,
    USER_PROPERTIES,
    'user',
  );
}

function entityContext(services: SimServices, version: string, query: URLSearchParams): string {
  const select = parseSelect(query);
  return contextUrl(services.baseUrl, version, `users${select ? `(${select.join(',')})` : ''}/$entity`);
}

export const userRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)$/i,
    handler: (request, [id], services) => {
      const user = requireUser(services, id!);
      return json(200, {
        '@odata.context': entityContext(services, request.version, request.query),
        ...selectUser(user, request.query),
      });
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/manager$/i,
    handler: (request, [id], services) => {
      const user = requireUser(services, id!);
      const manager = user.managerId ? services.state.findUser(user.managerId) : undefined;
      if (!manager) throw resourceNotFound('manager');
      return json(200, {
        '@odata.context': contextUrl(services.baseUrl, request.version, 'directoryObjects/$entity'),
        '@odata.type': '#microsoft.graph.user',
        ...selectUser(manager, request.query),
      });
    },
  },
];
