/**
 * Every failure the CLI can meet, as the one line a person needs (no stack trace): what could not
 * be reached or was refused, where, and what to do about it. Exit code 1.
 */
import { Redis } from 'ioredis';
import { ConfigError } from '../config';
import { GraphConfigError } from '../graph/client';
import { GraphRequestError, toGraphRequestError } from '../graph/errors';

/** A failure the CLI already put into words. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** A Redis URL as it may be printed: without its password. */
export function printableRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'REDIS_URL (not a URL)';
  }
}

/** Fails fast (no retries, a few seconds at most) when Redis does not answer, instead of hanging. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // ioredis tells why on its 'error' event (ECONNREFUSED…); connect() only says the connection closed.
  let why: string | undefined;
  probe.on('error', (error: Error) => {
    why ??= error.message;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new CliFailure(
      `cannot reach Redis at ${printableRedisUrl(url)}: ${why ?? (error as Error).message}`,
    );
  } finally {
    probe.disconnect();
  }
}

function isGraphFailure(error: unknown): boolean {
  return (
    error instanceof GraphRequestError ||
    (typeof error === 'object' && error !== null && 'statusCode' in error && 'code' in error)
  );
}

/** The Graph SDK reports a network failure as "fetch failed" only; one plain request finds out why. */
async function whyUnreachable(baseUrl: string): Promise<string> {
  try {
    await fetch(baseUrl, { signal: AbortSignal.timeout(3000) });
    return 'the request failed';
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.message ?? cause?.code ?? (error as Error).message;
  }
}

export async function describeFailure(error: unknown, graphBaseUrl?: string): Promise<string> {
  if (error instanceof CliFailure || error instanceof ConfigError || error instanceof GraphConfigError)
    return error.message;
  if (isGraphFailure(error)) {
    const graph = toGraphRequestError(error);
    const where = graphBaseUrl ?? 'Microsoft Graph';
    if (graph.status === 0) {
      const hint = graphBaseUrl?.startsWith('https://graph.microsoft.com')
        ? ' (set GRAPH_BASE_URL and the GRAPH_* credentials, or run next to `npm run dev`)'
        : '';
      return `cannot reach Microsoft Graph at ${where}: ${await whyUnreachable(where)}${hint}`;
    }
    return `Microsoft Graph at ${where}: ${graph.message}`;
  }
  if (
    error instanceof Error &&
    /ECONNREFUSED|ETIMEDOUT|Connection is closed|max retries/i.test(error.message)
  )
    return `lost the connection to Redis: ${error.message}`;
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}
