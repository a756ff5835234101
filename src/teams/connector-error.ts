import { ConnectorTimeoutError } from './single-attempt-connector';

/**
 * What a failed Bot Connector call tells us, read off whatever botbuilder threw.
 *
 * The ConnectorClient (botframework-connector on @azure/core-client) throws a `RestError`:
 * `statusCode` is the HTTP status, `code` the Teams error code from the body (`error.code`, e.g.
 * `ConversationBlockedByUser`), `details` the parsed body, and the non-enumerable `response`
 * holds `status` and `headers` (an HttpHeaders with `get(name)`), where `Retry-After` lives.
 * Network failures are RestErrors without a status and with the Node code (`ECONNRESET`);
 * our deadline throws ConnectorTimeoutError; an aborted request an `AbortError`.
 */
export interface ConnectorErrorFacts {
  /** HTTP status; undefined when no response arrived. */
  readonly status: number | undefined;
  /** Teams' error code from the body, or the network error code. */
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly timedOut: boolean;
  /** The parsed error body, when there was one. */
  readonly details: unknown;
}

interface HeadersLike {
  get?: (name: string) => string | undefined | null;
  [name: string]: unknown;
}

function header(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/** `Retry-After` is seconds or an HTTP date; Azure services may also send milliseconds headers. */
export function retryAfterFromHeaders(
  headers: HeadersLike | undefined,
  now = Date.now(),
): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(header(headers, name));
    if (header(headers, name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = header(headers, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function teamsCode(details: unknown): string | undefined {
  const error = (details as { error?: { code?: unknown } } | undefined)?.error;
  return typeof error?.code === 'string' ? error.code : undefined;
}

export function readConnectorError(error: unknown, now = Date.now()): ConnectorErrorFacts {
  if (error instanceof ConnectorTimeoutError) {
    return {
      status: undefined,
      code: error.code,
      retryAfterMs: undefined,
      timedOut: true,
      details: undefined,
    };
  }
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    statusCode?: unknown;
    code?: unknown;
    details?: unknown;
    response?: { status?: unknown; headers?: HeadersLike; parsedBody?: unknown };
  };
  const response = candidate.response;
  const rawStatus = candidate.statusCode ?? response?.status;
  const status = typeof rawStatus === 'number' && rawStatus > 0 ? rawStatus : undefined;
  const details = candidate.details ?? response?.parsedBody;
  const code = teamsCode(details) ?? (typeof candidate.code === 'string' ? candidate.code : undefined);
  return {
    status,
    code,
    retryAfterMs: retryAfterFromHeaders(response?.headers, now),
    timedOut: candidate.name === 'AbortError',
    details,
  };
}

/**
 * Teams answered 404 to an update: the message is no longer there (the chat was reset, the app
 * removed and added again, a local Playground restarted). Expected, and the caller knows what next.
 */
export function isMessageGone(error: unknown): boolean {
  return readConnectorError(error).status === 404;
}
