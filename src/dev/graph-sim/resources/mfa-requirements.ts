import { badRequest } from '../graph-errors';
import { admitIdentityWrite } from '../identity-writes';
import { contextUrl, json, noContent } from '../odata';
import { PER_USER_MFA_STATES, type PerUserMfaState } from '../tenant-schema';
import type { Route } from '../types';
import { requireUser } from './users';

/**
 * Per-user MFA, `/beta/users/{id}/authentication/requirements`. Beta only: on v1.0 the segment does
 * not exist and Graph answers 400, which this route table reproduces by not registering it there.
 */
export const mfaRequirementRoutes: Route[] = [
  {
    method: 'GET',
    versions: ['beta'],
    pattern: /^\/users\/([^/]+)\/authentication\/requirements$/i,
    handler: (request, [id], services) => {
      const user = requireUser(services, id!);
      return json(200, {
        '@odata.context': contextUrl(
          services.baseUrl,
          request.version,
          `users('${user.id}')/authentication/requirements`,
        ),
        perUserMfaState: services.state.perUserMfaState(user.id),
      });
    },
  },
  {
    method: 'PATCH',
    versions: ['beta'],
    pattern: /^\/users\/([^/]+)\/authentication\/requirements$/i,
    handler: (request, [id], services) => {
      admitIdentityWrite(services);
      const user = requireUser(services, id!);
      const value = (request.body as { perUserMfaState?: unknown } | undefined)?.perUserMfaState;
      if (typeof value !== 'string' || !(PER_USER_MFA_STATES as readonly string[]).includes(value)) {
        throw badRequest(
          `'perUserMfaState' must be one of ${PER_USER_MFA_STATES.join(', ')}.`,
          'invalidRequest',
        );
      }
      services.state.setPerUserMfaState(user.id, value as PerUserMfaState);
      return noContent();
    },
  },
];
