import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import { type BatchItemResponse, errorCode, MAX_BATCH_SIZE } from './batch-reads';
import { GraphRequestError, graphCall, parseRetryAfter, UnexpectedGraphResponseError } from './errors';
import type { WritePacer } from './write-pacer';

/**
 * Many identity writes through JSON `$batch`, 20 items per request. Each batch first takes its items
 * from the shared WritePacer (Graph counts every item as one write). An item answered 429 (or
 * 503/504, or nothing) is retried after its own Retry-After, taking from the pacer again, a bounded
 * number of times; the others keep their answers. Callers say what to send and what an answer means.
 */
const RETRYABLE = new Set([0, 429, 503, 504]);

export interface WriteRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version, e.g. `/groups/{id}/members/$ref`. */
  url: string;
  body?: unknown;
}

export interface BatchWriteOptions {
  pacer: WritePacer;
  /** Retries per item after a 429/503/504, the first try not counted. Default 5. */
  maxRetries?: number;
  /** Batches in flight at once. Default 2: the pacer, not concurrency, sets the pace. */
  concurrency?: number;
  /** Wait when a throttled item carries no Retry-After. Default 2 s. */
  defaultRetryAfterMs?: number;
  /** Upper bound on one wait, whatever Graph asks. Default 150 s (the identity write window). */
  maxRetryAfterMs?: number;
  /** `beta` for endpoints that exist only there (per-user MFA). Default v1.0. */
  version?: 'v1.0' | 'beta';
}

export interface WriteAnswer {
  /** 0 when Graph gave no answer for the item. */
  status: number;
  code: string | undefined;
  response: BatchItemResponse | undefined;
}

interface Pending<K> {
  key: K;
  request: WriteRequest;
  retries: number;
  notBefore: number;
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function batchItem(request: WriteRequest, id: string) {
  const item: Record<string, unknown> = { id, method: request.method, url: request.url };
  if (request.body !== undefined) {
    item.body = request.body;
    item.headers = { 'Content-Type': 'application/json' };
  }
  return item;
}

/**
 * One final answer per key (keys must be distinct). A failed `$batch` request itself (auth,
 * network) fails the call: which of its writes went through is unknown, so the caller re-reads.
 */
export async function writeEachInBatches<K>(
  client: Client,
  writes: ReadonlyArray<{ key: K; request: WriteRequest }>,
  options: BatchWriteOptions,
): Promise<Map<K, WriteAnswer>> {
  const maxRetries = options.maxRetries ?? 5;
  const defaultRetryAfterMs = options.defaultRetryAfterMs ?? 2000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 150_000;
  const version = options.version ?? 'v1.0';
  const answers = new Map<K, WriteAnswer>();
  let nextFresh = 0;
  let retries: Pending<K>[] = [];
  let failure: unknown;

  function takeReady(now: number): Pending<K>[] {
    const ready: Pending<K>[] = [];
    const waiting: Pending<K>[] = [];
    for (const item of retries)
      (item.notBefore <= now && ready.length < MAX_BATCH_SIZE ? ready : waiting).push(item);
    retries = waiting;
    while (ready.length < MAX_BATCH_SIZE && nextFresh < writes.length) {
      const { key, request } = writes[nextFresh++]!;
      ready.push({ key, request, retries: 0, notBefore: 0 });
    }
    return ready;
  }

  async function runBatch(items: Pending<K>[]): Promise<void> {
    await options.pacer.take(items.length);
    const requests = items.map((item, index) => batchItem(item.request, String(index)));
    const body = (await graphCall(() => client.api('/$batch').version(version).post({ requests }))) as {
      responses?: unknown;
    };
    if (!Array.isArray(body?.responses)) throw new UnexpectedGraphResponseError('$batch without responses');
    const byId = new Map(
      (body.responses as BatchItemResponse[]).map((response) => [String(response.id), response]),
    );
    const now = Date.now();
    items.forEach((item, index) => {
      const response = byId.get(String(index));
      const status = typeof response?.status === 'number' ? response.status : 0;
      if (RETRYABLE.has(status) && item.retries < maxRetries) {
        const waitMs = parseRetryAfter(header(response?.headers, 'Retry-After'), now) ?? defaultRetryAfterMs;
        retries.push({
          ...item,
          retries: item.retries + 1,
          notBefore: now + Math.min(waitMs, maxRetryAfterMs),
        });
      } else {
        answers.set(item.key, { status, code: errorCode(response), response });
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
      await sleep(Math.max(0, Math.min(...retries.map((item) => item.notBefore)) - now));
    }
  }

  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 2) }, () =>
    worker().catch((error: unknown) => {
      failure ??= error;
    }),
  );
  await Promise.all(workers);
  if (failure !== undefined) throw failure;
  return answers;
}

export function isSuccess(answer: WriteAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** Graph's message for an item, for errors that may carry it (never for phone writes). */
export function errorMessage(answer: WriteAnswer): string | undefined {
  const body = answer.response?.body as { error?: { message?: string } } | undefined;
  return body?.error?.message;
}

/** The item's failure as the GraphRequestError a single call would have thrown. */
export function itemError(answer: WriteAnswer): GraphRequestError {
  const code = answer.code ?? (answer.status === 0 ? 'NoResponse' : 'UnknownError');
  const retryAfterMs = parseRetryAfter(header(answer.response?.headers, 'Retry-After'));
  return new GraphRequestError(
    `Graph ${answer.status || 'request'} ${code}: ${errorMessage(answer) ?? 'no message'}`,
    {
      status: answer.status,
      code,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  );
}
