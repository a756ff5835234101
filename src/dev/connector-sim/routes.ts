import type { SimOperation } from './types';

export interface ConnectorRoute {
  readonly operation: SimOperation;
  readonly conversationId: string | undefined;
  readonly activityId: string | undefined;
  readonly memberId: string | undefined;
  /** `pagedmembers` answers `{ members, continuationToken }` instead of an array. */
  readonly paged: boolean;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Maps a request to the Bot Connector operation it is. Whatever precedes `/v3/` is ignored, so a
 * serviceUrl with a path (like Teams' `https://smba.trafficmanager.net/teams/`) works too.
 */
export function matchRoute(method: string, pathname: string): ConnectorRoute | undefined {
  const start = pathname.indexOf('/v3/conversations');
  if (start < 0) return undefined;
  const rest = pathname.slice(start + '/v3/conversations'.length);
  const parts = rest.split('/').filter(Boolean).map(decode);
  if (parts.some((part) => part === undefined)) return undefined;
  const [conversationId, collection, itemId, extra] = parts as string[];
  const route = (operation: SimOperation, fields: Partial<ConnectorRoute> = {}): ConnectorRoute => ({
    operation,
    conversationId,
    activityId: undefined,
    memberId: undefined,
    paged: false,
    ...fields,
  });

  if (conversationId === undefined) return method === 'POST' ? route('createConversation') : undefined;
  if (extra !== undefined) return undefined;
  if (collection === 'activities') {
    if (itemId === undefined) return method === 'POST' ? route('sendToConversation') : undefined;
    if (method === 'POST') return route('replyToActivity', { activityId: itemId });
    if (method === 'PUT') return route('updateActivity', { activityId: itemId });
    if (method === 'DELETE') return route('deleteActivity', { activityId: itemId });
    return undefined;
  }
  if (method !== 'GET') return undefined;
  if (collection === 'members') {
    return itemId === undefined ? route('getMembers') : route('getMember', { memberId: itemId });
  }
  if (collection === 'pagedmembers' && itemId === undefined) return route('getMembers', { paged: true });
  return undefined;
}
