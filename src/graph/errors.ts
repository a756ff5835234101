import { GraphError } from '@microsoft/microsoft-graph-client';

/**
 * Every failure of a Graph call, as one named error with what callers decide on: the HTTP status,
 * Graph's error code, and how long Graph asked us to wait. Built from the SDK's GraphError so no
 * other folder ever sees SDK types. The message carries Graph's text, never a request body.
 */
export class GraphRequestError extends Error {
  readonly status: number;
  readonly code: string;
  /** From the Retry-After header, when Graph sent one. */
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    message: string,
    details: { status: number; code: string; retryAfterMs?: number; requestId?: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GraphRequestError';
    this.status = details.status;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
    this.requestId = details.requestId;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isThrottled(): boolean {
    return this.status === 429;
  }

  /** Worth another try later: throttling and the transient gateway/service statuses. */
  get isTransient(): boolean {
    return (
      this.status === 0 ||
      this.status === 429 ||
      this.status === 502 ||
      this.status === 503 ||
      this.status === 504
    );
  }
}

/** Graph answered 2xx but not with the shape it documents. */
export class UnexpectedGraphResponseError extends Error {
  constructor(what: string) {
    super(`Unexpected Microsoft Graph response: ${what}`);
    this.name = 'UnexpectedGraphResponseError';
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface GraphErrorLike {
  statusCode?: number;
  code?: string | null;
  message?: string;
  requestId?: string | null;
  headers?: { get(name: string): string | null };
}

function isGraphErrorLike(error: unknown): error is GraphErrorLike {
  return (
    error instanceof GraphError || (typeof error === 'object' && error !== null && 'statusCode' in error)
  );
}

export function toGraphRequestError(error: unknown): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  if (isGraphErrorLike(error)) {
    // The SDK reports a network failure as status -1 with the JS error's name as code.
    const status = typeof error.statusCode === 'number' && error.statusCode > 0 ? error.statusCode : 0;
    const code = error.code || (status === 0 ? 'NetworkError' : 'UnknownError');
    const retryAfterMs = parseRetryAfter(error.headers?.get('Retry-After'));
    return new GraphRequestError(`Graph ${status || 'request'} ${code}: ${error.message || 'no message'}`, {
      status,
      code,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(error.requestId ? { requestId: error.requestId } : {}),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GraphRequestError(`Graph request failed: ${message}`, {
    status: 0,
    code: 'NetworkError',
    cause: error,
  });
}

/** Runs one SDK call and converts whatever it throws. */
export async function graphCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGraphRequestError(error);
  }
}
