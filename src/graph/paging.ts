import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import { graphCall, UnexpectedGraphResponseError } from './errors';

/**
 * Graph collections come a page at a time with an absolute `@odata.nextLink`. The SDK only knows how
 * to follow https links (it would glue an http link onto the base URL), so we rebuild the request
 * from the link's path and query on the client's own base URL: that also keeps a token from ever
 * following a link to another host.
 */
export interface GraphPage<T> {
  value: T[];
  nextLink: string | undefined;
}

export function requestForLink(client: Client, link: string): GraphRequest {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new UnexpectedGraphResponseError('a nextLink that is not an absolute URL');
  }
  const [, version, ...rest] = url.pathname.split('/');
  if (!version || rest.length === 0)
    throw new UnexpectedGraphResponseError('a nextLink without a version and path');
  return client.api(`/${rest.join('/')}${url.search}`).version(version);
}

export async function getPage<T>(request: GraphRequest): Promise<GraphPage<T>> {
  const body = (await graphCall(() => request.get())) as
    | { value?: unknown; '@odata.nextLink'?: unknown }
    | undefined;
  if (!body || !Array.isArray(body.value))
    throw new UnexpectedGraphResponseError('a collection without value');
  const next = body['@odata.nextLink'];
  return { value: body.value as T[], nextLink: typeof next === 'string' ? next : undefined };
}

/** Ids and UPNs go into paths; encode them so an odd character cannot change the request. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
