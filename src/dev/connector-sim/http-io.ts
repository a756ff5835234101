import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../read-body';

export class RequestBodyError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

/** Reads and parses a JSON body; an empty body is undefined. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const { size, body } = await readBody(request, maxBytes);
  if (size > maxBytes) throw new RequestBodyError(`body larger than ${maxBytes} bytes`, 413);
  if (size === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new RequestBodyError('body is not valid JSON', 400);
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) return;
  const payload = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  response.end(payload);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
