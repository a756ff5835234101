import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphCall, parseRetryAfter, UnexpectedGraphResponseError } from './errors';

/**
 * Many GETs through JSON `$batch`, 20 per request, a few requests in flight. Graph throttles every
 * item on its own, so an item answered 429 (or 503/504, or nothing) is retried after its own
 * Retry-After, a bounded number of times, while the others are kept. Each reader (phones, users)
 * says only which URL to read and what an answer means.
 */
export const MAX_BATCH_SIZE = 20;
const RETRYABLE = new Set([429, 503, 504]);

export interface BatchItemResponse {
  id?: unknown;
  status?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchReadOptions {
  /** Tries per item, the first included. Default 5. */
  maxAttempts?: number;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
  /** Wait when a throttled item carries no Retry-After. Default 2 s. */
  defaultRetryAfterMs?: number;
  /** Upper bound on one wait, whatever Graph asks. Default 60 s. */
  maxRetryAfterMs?: number;
  /** `beta` for resources that exist only there (per-user MFA). Default v1.0. */
  version?: 'v1.0' | 'beta';
}

export interface BatchReader<R> {
  /** The relative URL to GET for one key. */
  url(key: string): string;
  /** What a final answer means for the key (success, or an error value), once no retry is left. */
  settle(status: number, response: BatchItemResponse | undefined): R;
}

interface Pending {
  key: string;
  attempts: number;
  notBefore: number;
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** One entry per distinct key. A failed `$batch` request itself (auth, network) fails the call. */
export async function readEachInBatches<R>(
  client: Client,
  keys: readonly string[],
  reader: BatchReader<R>,
  options: BatchReadOptions = {},
): Promise<Map<string, R>> {
  const maxAttempts = options.maxAttempts ?? 5;
  const defaultRetryAfterMs = options.defaultRetryAfterMs ?? 2000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const results = new Map<string, R>();
  const fresh = [...new Set(keys)];
  let nextFresh = 0;
  // Retries are few; first-time reads are taken by index so a 100,000-key call stays linear.
  let retries: Pending[] = [];
  let failure: unknown;

  function takeReady(now: number): Pending[] {
    const ready: Pending[] = [];
    const waiting: Pending[] = [];
    for (const item of retries)
      (item.notBefore <= now && ready.length < MAX_BATCH_SIZE ? ready : waiting).push(item);
    retries = waiting;
    while (ready.length < MAX_BATCH_SIZE && nextFresh < fresh.length) {
      ready.push({ key: fresh[nextFresh++]!, attempts: 0, notBefore: 0 });
    }
    return ready;
  }

  async function runBatch(items: Pending[]): Promise<void> {
    const requests = items.map((item, index) => ({
      id: String(index),
      method: 'GET',
      url: reader.url(item.key),
    }));
    const body = (await graphCall(() =>
      client
        .api('/$batch')
        .version(options.version ?? 'v1.0')
        .post({ requests }),
    )) as { responses?: unknown };
    if (!Array.isArray(body?.responses)) throw new UnexpectedGraphResponseError('$batch without responses');
    const byId = new Map(
      (body.responses as BatchItemResponse[]).map((response) => [String(response.id), response]),
    );
    const now = Date.now();
    items.forEach((item, index) => {
      item.attempts++;
      const response = byId.get(String(index));
      const status = typeof response?.status === 'number' ? response.status : 0;
      if ((RETRYABLE.has(status) || status === 0) && item.attempts < maxAttempts) {
        const waitMs = parseRetryAfter(header(response?.headers, 'Retry-After'), now) ?? defaultRetryAfterMs;
        retries.push({ ...item, notBefore: now + Math.min(waitMs, maxRetryAfterMs) });
      } else {
        results.set(item.key, reader.settle(status, response));
      }
    });
  }

  async function worker(): Promise<void> {
    while (failure === undefined) {
      const now = Date.now();
      const ready = takeReady(now);
      if (ready.length) {
        await runBatch(ready);
        continue;
      }
      if (!retries.length) return;
      // Sleep until the earliest throttled item may go again.
      await sleep(Math.max(0, Math.min(...retries.map((item) => item.notBefore)) - now));
    }
  }

  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 4) }, () =>
    worker().catch((error: unknown) => {
      failure ??= error;
    }),
  );
  await Promise.all(workers);
  if (failure !== undefined) throw failure;
  return results;
}

/** The Graph error code of an item's answer, if any. */
export function errorCode(response: BatchItemResponse | undefined): string | undefined {
  const body = response?.body as { error?: { code?: string } } | undefined;
  return body?.error?.code;
}
