import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { User } from '@microsoft/microsoft-graph-types';
import type { DirectoryUser } from '../rollout/directory';
import { graphCall, parseRetryAfter, UnexpectedGraphResponseError } from './errors';
import { segment } from './paging';
import { MAX_BATCH_SIZE } from './phone-batch';
import { toDirectoryUser, USER_SELECT } from './user-mapping';

/**
 * Many users by object id or userPrincipalName through JSON `$batch`, 20 reads per request, in the
 * style of readPhoneMethodsBatch: each item is throttled on its own, so a 429 (or 503/504) item is
 * retried after its own Retry-After while the others are kept. The result has one entry per
 * identifier asked: the user, or a UserLookupError saying why not (404: no such user).
 */
const RETRYABLE = new Set([429, 503, 504]);

export type UserLookupFailure = 'not-found' | 'rejected' | 'incomplete' | 'throttled' | 'failed';

export class UserLookupError extends Error {
  constructor(
    readonly reason: UserLookupFailure,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`User could not be read: ${reason} (${status}${code ? ` ${code}` : ''})`);
    this.name = 'UserLookupError';
  }

  /** The directory answered for this user (no such user, an identifier it refuses): retrying will not help. */
  get isFinal(): boolean {
    return this.reason === 'not-found' || this.reason === 'rejected' || this.reason === 'incomplete';
  }
}

export type UserLookupResult = DirectoryUser | UserLookupError;

export interface UserBatchOptions {
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
  key: string;
  attempts: number;
  notBefore: number;
}

interface BatchItemResponse {
  id?: unknown;
  status?: unknown;
  headers?: Record<string, string>;
  body?: (User & { error?: { code?: string } }) | undefined;
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function userPath(idOrUpn: string): string {
  return `/users/${segment(idOrUpn)}?$select=${USER_SELECT.join(',')}`;
}

export async function readUsersBatch(
  client: Client,
  idsOrUpns: readonly string[],
  options: UserBatchOptions = {},
): Promise<Map<string, UserLookupResult>> {
  const maxAttempts = options.maxAttempts ?? 5;
  const defaultRetryAfterMs = options.defaultRetryAfterMs ?? 2000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const results = new Map<string, UserLookupResult>();
  const fresh = [...new Set(idsOrUpns)];
  let nextFresh = 0;
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
      url: userPath(item.key),
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
      if (status >= 200 && status < 300 && response?.body) {
        const user = toDirectoryUser(response.body);
        results.set(item.key, user ?? new UserLookupError('incomplete', status, undefined));
      } else if (status === 404) {
        results.set(item.key, new UserLookupError('not-found', status, code));
      } else if (status === 400) {
        // Graph refuses an identifier it cannot read as an id or a UPN: as final as a 404.
        results.set(item.key, new UserLookupError('rejected', status, code));
      } else if ((RETRYABLE.has(status) || status === 0) && item.attempts < maxAttempts) {
        const waitMs = parseRetryAfter(header(response?.headers, 'Retry-After'), now) ?? defaultRetryAfterMs;
        retries.push({ ...item, notBefore: now + Math.min(waitMs, maxRetryAfterMs) });
      } else {
        results.set(item.key, new UserLookupError(status === 429 ? 'throttled' : 'failed', status, code));
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
