import type { PlaygroundUser } from './config-types';

/** The tenant as the running Playground loaded it (`GET /_internal/v1/config`). */
export interface PlaygroundTenant {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChat: { id: string; name: string };
  groupChats: { id: string; name: string; members: string[] }[];
  teams: {
    id: string;
    name: string;
    aadGroupId: string;
    channels: { id: string; name: string; channelType: string }[];
    members: string[];
  }[];
}

/** The UI's own config endpoint: answers once the server is up and the config file is loaded. */
export async function fetchPlaygroundTenant(baseUrl: string): Promise<PlaygroundTenant | undefined> {
  try {
    const response = await fetch(`${baseUrl}/_internal/v1/config`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { config?: PlaygroundTenant };
    return body.config?.bot?.id ? body.config : undefined;
  } catch {
    return undefined;
  }
}
