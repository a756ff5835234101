import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { PhoneAuthenticationMethod } from '@microsoft/microsoft-graph-types';
import type { PhoneMethod } from '../rollout/directory';
import { graphCall, parseRetryAfter, UnexpectedGraphResponseError } from './errors';
import { phoneMethodsPath, toPhoneMethod } from './phone-methods';

/**
 * Phone methods of many users through JSON `$batch`, 20 reads per request. Graph throttles every
 * item on its own: a 429 item is retried after its own Retry-After (a bounded number of times)
 * while the others are kept. A 404 item means the user is gone. The result has one entry per user:
 * the methods, or a PhoneReadError saying why not.
 */
export const MAX_BATCH_SIZE = 20;
const RETRYABLE = new Set([429, 503, 504]);

export type PhoneReadFailure = 'user-not-found' | 'throttled' | 'failed';

export class PhoneReadError extends Error {
  constructor(
    readonly reason: PhoneReadFailure,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`Phone methods could not be read: ${reason} (${status}${code ? ` ${code}` : ''})`);
    this.name = 'PhoneReadError';
  }
}

export type PhoneReadResult = PhoneMethod[] | PhoneReadError;

export interface PhoneBatchOptions {
  /** Tries per user, the first included. Default 5. */
  maxAttempts?: number;
  /** Batches in flight at once. Default 4. */
  concurrency?: number;
  /** Wait when a throttled item carries no Retry-After. Default 2 s. */
  defaultRetryAfterMs?: number;
  /** Upper bound on one wait, whatever Graph asks. Default 60 s. */
  maxRetryAfterMs?: number;
}

interface Pending {
  userId: string;
  attempts: number;
  notBefore: number;
}

interface BatchItemResponse {
  id?: unknown;
  status?: unknown;
  headers?: Record<string, string>;
  body?: { value?: unknown; error?: { code?: string } };
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export async function readPhoneMethodsBatch(
  client: Client,
  userIds: readonly string[],
  options: PhoneBatchOptions = {},
): Promise<Map<string, PhoneReadResult>> {
  const maxAttempts = options.maxAttempts ?? 5;
  const defaultRetryAfterMs = options.defaultRetryAfterMs ?? 2000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const results = new Map<string, PhoneReadResult>();
  const fresh = [...new Set(userIds)];
  let nextFresh = 0;
  // Retries are few; first-time reads are taken by index so a 100,000-user call stays linear.
  let retries: Pending[] = [];
  let failure: unknown;

  function takeReady(now: number): Pending[] {
    const ready: Pending[] = [];
    const waiting: Pending[] = [];
    for (const item of retries)
      (item.notBefore <= now && ready.length < MAX_BATCH_SIZE ? ready : waiting).push(item);
    retries = waiting;
    while (ready.length < MAX_BATCH_SIZE && nextFresh < fresh.length) {
      ready.push({ userId: fresh[nextFresh++]!, attempts: 0, notBefore: 0 });
    }
    return ready;
  }

  async function runBatch(items: Pending[]): Promise<void> {
    const requests = items.map((item, index) => ({
      id: String(index),
      method: 'GET',
      url: phoneMethodsPath(item.userId),
    }));
    const body = (await graphCall(() => client.api('/$batch').post({ requests }))) as { responses?: unknown };
    if (!Array.isArray(body?.responses)) throw new UnexpectedGraphResponseError('$batch without responses');
    const byId = new Map(
      (body.responses as BatchItemResponse[]).map((response) => [String(response.id), response]),
    );
    const now = Date.now();
    items.forEach((item, index) => {
      item.attempts++;
      const response = byId.get(String(index));
      const status = typeof response?.status === 'number' ? response.status : 0;
      const code = response?.body?.error?.code;
      if (status >= 200 && status < 300 && Array.isArray(response?.body?.value)) {
        const methods = (response.body.value as PhoneAuthenticationMethod[]).flatMap(
          (raw) => toPhoneMethod(raw) ?? [],
        );
        results.set(item.userId, methods);
      } else if (status === 404) {
        results.set(item.userId, new PhoneReadError('user-not-found', status, code));
      } else if ((RETRYABLE.has(status) || status === 0) && item.attempts < maxAttempts) {
        const waitMs = parseRetryAfter(header(response?.headers, 'Retry-After'), now) ?? defaultRetryAfterMs;
        retries.push({ ...item, notBefore: now + Math.min(waitMs, maxRetryAfterMs) });
      } else {
        results.set(item.userId, new PhoneReadError(status === 429 ? 'throttled' : 'failed', status, code));
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
  // A failed $batch request itself (auth, network, throttled past the SDK's retries) fails the call.
  if (failure !== undefined) throw failure;
  return results;
}
