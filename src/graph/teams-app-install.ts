import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, graphCall, UnexpectedGraphResponseError } from './errors';
import { segment } from './paging';

/**
 * Installing the bot's Teams app in a user's personal scope, which a bot needs before it can start
 * a conversation with somebody who never opened it. Graph says 201 the first time and 409 after:
 * both mean the app is there.
 */
export type InstallOutcome = 'installed' | 'already-installed';

/**
 * Graph refused the install with 403: an app permission policy keeps the app from this user
 * ("App is blocked by app permission policy"). A 403 that says the bot itself lacks a Graph
 * permission is not this: that is our set-up, for every user alike.
 */
export class TeamsAppBlockedError extends GraphRequestError {
  constructor(refusal: GraphRequestError) {
    super(refusal.message, {
      status: refusal.status,
      code: refusal.code,
      ...(refusal.requestId ? { requestId: refusal.requestId } : {}),
      cause: refusal,
    });
    this.name = 'TeamsAppBlockedError';
  }
}

function missingPermission(error: GraphRequestError): boolean {
  return (
    error.code === 'Authorization_RequestDenied' || /missing (scope|role) permissions/i.test(error.message)
  );
}

const TEAMS_APPS = 'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps';

function path(userId: string): string {
  return `/users/${segment(userId)}/teamwork/installedApps`;
}

export async function installForUser(
  client: Client,
  userId: string,
  teamsAppId: string,
): Promise<InstallOutcome> {
  try {
    const body = await graphCall(() =>
      client.api(path(userId)).post({ 'teamsApp@odata.bind': `${TEAMS_APPS}/${teamsAppId}` }),
    );
    // 201 comes without a body; the SDK hands back the empty stream, which we release.
    await (body as { cancel?: () => Promise<void> } | undefined)?.cancel?.();
    return 'installed';
  } catch (error) {
    if (error instanceof GraphRequestError && error.status === 409) return 'already-installed';
    if (error instanceof GraphRequestError && error.status === 403 && !missingPermission(error)) {
      throw new TeamsAppBlockedError(error);
    }
    throw error;
  }
}

export async function isInstalledForUser(
  client: Client,
  userId: string,
  teamsAppId: string,
): Promise<boolean> {
  const body = (await graphCall(() =>
    client
      .api(path(userId))
      .expand('teamsApp')
      .filter(`teamsApp/id eq '${teamsAppId.replace(/'/g, "''")}'`)
      .get(),
  )) as { value?: unknown };
  if (!Array.isArray(body?.value)) throw new UnexpectedGraphResponseError('installedApps without value');
  return body.value.length > 0;
}
