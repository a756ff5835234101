import { badRequest } from './graph-errors';
import type { SimRequest } from './types';

/** `$select=a,b` as a list, or undefined when the caller did not ask for specific properties. */
export function parseSelect(query: URLSearchParams): string[] | undefined {
  const raw = query.get('$select');
  if (raw === null) return undefined;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length ? names : undefined;
}

/**
 * Graph returns only what `$select` names (not even `id` unless asked), and a default set otherwise.
 * An unknown property is a 400, which is how a typo in a select list surfaces in production.
 */
export function applySelect(
  source: Readonly<Record<string, unknown>>,
  select: readonly string[] | undefined,
  defaults: readonly string[],
  known: ReadonlySet<string>,
  typeName: string,
): Record<string, unknown> {
  const names = select ?? defaults;
  const out: Record<string, unknown> = {};
  for (const name of names) {
    if (!known.has(name)) {
      throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`);
    }
    out[name] = source[name] ?? null;
  }
  return out;
}

export function validateSelect(
  select: readonly string[] | undefined,
  known: ReadonlySet<string>,
  typeName: string,
) {
  for (const name of select ?? []) {
    if (!known.has(name)) {
      throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`);
    }
  }
}

export interface PageSizeLimits {
  defaultSize: number;
  max: number;
}

/** Directory collections: 100 by default, 999 at most; anything else is Graph's own 400. */
export const DIRECTORY_PAGE: PageSizeLimits = { defaultSize: 100, max: 999 };

export function parseTop(query: URLSearchParams, limits: PageSizeLimits): number {
  const raw = query.get('$top');
  if (raw === null) return limits.defaultSize;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > limits.max) {
    throw badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${limits.max} inclusive.`);
  }
  return top;
}

/**
 * The skip token is opaque to clients; ours carries the offset to resume from, so a page costs
 * O(page size) however deep into a 100,000-member collection it is.
 */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

export function parseSkipToken(query: URLSearchParams): number {
  const raw = query.get('$skiptoken') ?? query.get('$skipToken');
  if (raw === null) return 0;
  try {
    const decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof decoded.o === 'number' && Number.isInteger(decoded.o) && decoded.o >= 0) return decoded.o;
  } catch {
    // fall through to the error Graph gives for a token it did not issue
  }
  throw badRequest(
    'The specified page token value has expired and can no longer be included in your request.',
  );
}

/** Absolute, like Graph's: the same path and query with the skip token replaced. */
export function nextLink(baseUrl: string, request: SimRequest, offset: number): string {
  const parts: string[] = [];
  for (const [key, value] of request.query) {
    if (key.toLowerCase() === '$skiptoken') continue;
    parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${encodeSkipToken(offset)}`);
  return `${baseUrl}/${request.version}${request.path}?${parts.join('&')}`;
}

export function contextUrl(baseUrl: string, version: string, fragment: string): string {
  return `${baseUrl}/${version}/$metadata#${fragment}`;
}

/** A collection response; `@odata.nextLink` only when there is more. */
export function collection(context: string, value: unknown[], next?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { '@odata.context': context };
  if (next) body['@odata.nextLink'] = next;
  body.value = value;
  return body;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body };
}

export function noContent() {
  return { status: 204 };
}
