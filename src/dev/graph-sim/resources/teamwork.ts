import { badRequest, SimHttpError } from '../graph-errors';
import { collection, contextUrl, json, noContent } from '../odata';
import type { Route, SimServices } from '../types';
import { requireUser } from './users';

/**
 * Teams apps in a user's personal scope (`/users/{id}/teamwork/installedApps`). Installing is how a
 * bot gets to message somebody who never opened it: 201 the first time, 409 when it is already there,
 * 403 when an app permission policy blocks the app for the user, 404 for a user who does not exist.
 */
function installationId(userId: string, teamsAppId: string): string {
  return Buffer.from(`${userId.toLowerCase()}##${teamsAppId}`, 'utf8').toString('base64url');
}

function parseInstallationId(id: string): { userId: string; teamsAppId: string } | undefined {
  const [userId, teamsAppId] = Buffer.from(id, 'base64url').toString('utf8').split('##');
  return userId && teamsAppId ? { userId, teamsAppId } : undefined;
}

function installation(userId: string, teamsAppId: string, expand: boolean): Record<string, unknown> {
  const resource: Record<string, unknown> = { id: installationId(userId, teamsAppId) };
  if (expand) {
    resource.teamsApp = {
      id: teamsAppId,
      externalId: null,
      displayName: null,
      distributionMethod: 'organization',
    };
  }
  return resource;
}

function requireInstallation(services: SimServices, userId: string, id: string): { teamsAppId: string } {
  const parsed = parseInstallationId(id);
  if (
    !parsed ||
    parsed.userId !== userId.toLowerCase() ||
    !services.state.isAppInstalled(userId, parsed.teamsAppId)
  ) {
    throw new SimHttpError(404, 'NotFound', `The app installation '${id}' was not found for the user.`);
  }
  return parsed;
}

export const teamworkRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/users\/([^/]+)\/teamwork\/installedApps$/i,
    handler: (request, [id], services) => {
      const user = requireUser(services, id!);
      const bind = (request.body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
      const match = typeof bind === 'string' ? /\/appCatalogs\/teamsApps\/([^/]+)$/i.exec(bind) : null;
      if (!match)
        throw badRequest("'teamsApp@odata.bind' must reference appCatalogs/teamsApps/{id}.", 'BadRequest');
      const teamsAppId = decodeURIComponent(match[1]!);
      if (services.state.isAppBlocked(user.id, teamsAppId)) {
        // Graph's wording, which also names the tenant, the user and the app.
        throw new SimHttpError(
          403,
          'Forbidden',
          `App is blocked by app permission policy. TenantId: ${services.state.tenantId}, UserObjectId: ${user.id}, AppId: ${teamsAppId}, AppType: Private`,
        );
      }
      if (!services.state.installApp(user.id, teamsAppId)) {
        throw new SimHttpError(409, 'Conflict', 'The app is already installed for this user.');
      }
      services.notifyInstall(user.id, teamsAppId);
      return { status: 201 };
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/teamwork\/installedApps$/i,
    handler: (request, [id], services) => {
      const user = requireUser(services, id!);
      const expand = /\bteamsApp\b/i.test(request.query.get('$expand') ?? '');
      const filter = request.query.get('$filter');
      let apps = services.state.installedAppsOf(user.id);
      if (filter !== null) {
        // The one filter the bot needs: is *our* app there?
        const match = /^\s*teamsApp\/id\s+eq\s+'([^']*)'\s*$/i.exec(filter);
        if (!match) throw badRequest(`Invalid filter clause: ${filter}`, 'BadRequest');
        apps = apps.filter((appId) => appId === match[1]);
      }
      const value = apps.map((appId) => installation(user.id, appId, expand));
      const context = contextUrl(
        services.baseUrl,
        request.version,
        `users('${user.id}')/teamwork/installedApps`,
      );
      return json(200, collection(context, value));
    },
  },
  {
    method: 'GET',
    pattern: /^\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)$/i,
    handler: (request, [id, installation_], services) => {
      const user = requireUser(services, id!);
      const { teamsAppId } = requireInstallation(services, user.id, installation_!);
      const expand = /\bteamsApp\b/i.test(request.query.get('$expand') ?? '');
      return json(200, installation(user.id, teamsAppId, expand));
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)$/i,
    handler: (_request, [id, installation_], services) => {
      const user = requireUser(services, id!);
      const { teamsAppId } = requireInstallation(services, user.id, installation_!);
      services.state.uninstallApp(user.id, teamsAppId);
      return noContent();
    },
  },
];
