import { randomUUID } from 'node:crypto';
import type { SimResponse } from './types';

/**
 * Thrown by a resource handler to answer with a Graph error. The router turns it into the body
 * Graph sends, `{ error: { code, message, innerError: { date, request-id } } }`, so the real SDK
 * builds a GraphError with the same status, code and headers it would get from Microsoft.
 */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SimHttpError';
  }
}

export function graphErrorBody(code: string, message: string, requestId: string = randomUUID()) {
  return {
    error: {
      code,
      message,
      innerError: {
        // Graph sends the date without milliseconds.
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': requestId,
        'client-request-id': requestId,
      },
    },
  };
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SimResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: graphErrorBody(code, message),
  };
}

/** The exact wording directory objects use for a missing object, so code matching on it stays honest. */
export function resourceNotFound(id: string): SimHttpError {
  return new SimHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** Graph's answer when a throttle refuses a request; Retry-After says when to come back. */
export function tooManyRequests(retryAfterSeconds: number): SimHttpError {
  return new SimHttpError(
    429,
    'TooManyRequests',
    'Too many requests. Please retry after the time in Retry-After.',
    {
      'Retry-After': String(retryAfterSeconds),
    },
  );
}

export function badRequest(message: string, code = 'Request_BadRequest'): SimHttpError {
  return new SimHttpError(400, code, message);
}
