import { graphErrorBody, SimHttpError } from '../graph-errors';
import { json } from '../odata';
import type { Route, SimRequest, SimResponse } from '../types';

/**
 * JSON `$batch`: at most 20 requests, each run through the same pipeline as a direct request (so
 * faults and throttling hit items one by one), each answered with its own status, headers and
 * body. Items run in order; an item whose `dependsOn` failed gets 424, as Graph does.
 */
export const MAX_BATCH_REQUESTS = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

function invalid(message: string): SimHttpError {
  return new SimHttpError(400, 'BadRequest', message);
}

function parseItems(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw invalid('Invalid batch payload format.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw invalid(
      `Too many requests in the batch: ${requests.length}. The maximum is ${MAX_BATCH_REQUESTS}.`,
    );
  }
  const ids = new Set<string>();
  return requests.map((raw: unknown) => {
    const item = raw as Partial<BatchItem> | null;
    if (
      !item ||
      typeof item.id !== 'string' ||
      !item.id ||
      typeof item.method !== 'string' ||
      typeof item.url !== 'string'
    ) {
      throw invalid('Each batch request needs an id, a method and a url.');
    }
    if (ids.has(item.id)) throw invalid(`Duplicate batch request id '${item.id}'.`);
    for (const dependency of item.dependsOn ?? []) {
      if (!ids.has(dependency))
        throw invalid(`Batch request '${item.id}' depends on unknown request '${dependency}'.`);
    }
    ids.add(item.id);
    return item as BatchItem;
  });
}

function itemResponse(id: string, response: SimResponse): Record<string, unknown> {
  const out: Record<string, unknown> = { id, status: response.status, headers: response.headers ?? {} };
  if (response.body !== undefined) out.body = response.body;
  return out;
}

function itemError(id: string, status: number, code: string, message: string): Record<string, unknown> {
  return itemResponse(id, {
    status,
    headers: { 'Content-Type': 'application/json' },
    body: graphErrorBody(code, message),
  });
}

export const batchRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/\$batch$/i,
    handler: (request, _params, services) => {
      const items = parseItems(request.body);
      const statuses = new Map<string, number>();
      const responses = items.map((item) => {
        const failedDependency = (item.dependsOn ?? []).find((dependency) => {
          const status = statuses.get(dependency) ?? 0;
          return status < 200 || status > 299;
        });
        if (failedDependency !== undefined) {
          statuses.set(item.id, 424);
          return itemError(item.id, 424, 'FailedDependency', `Request '${failedDependency}' failed.`);
        }
        if (/^https?:/i.test(item.url) || /\$batch/i.test(item.url)) {
          statuses.set(item.id, 400);
          return itemError(
            item.id,
            400,
            'BadRequest',
            'A batch request url must be relative and cannot be a batch.',
          );
        }
        const relative = item.url.startsWith('/') ? item.url : `/${item.url}`;
        const queryAt = relative.indexOf('?');
        const inner: SimRequest = {
          method: item.method.toUpperCase(),
          version: request.version,
          path: queryAt === -1 ? relative : relative.slice(0, queryAt),
          query: new URLSearchParams(queryAt === -1 ? '' : relative.slice(queryAt + 1)),
          headers: Object.fromEntries(
            Object.entries(item.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
          ),
          body: item.body,
          batchItem: true,
        };
        const response = services.execute(inner);
        statuses.set(item.id, response.status);
        return itemResponse(item.id, response);
      });
      return json(200, { responses });
    },
  },
];
