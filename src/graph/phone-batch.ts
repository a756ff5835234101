import type { Client } from '@microsoft/microsoft-graph-client';
import type { PhoneAuthenticationMethod } from '@microsoft/microsoft-graph-types';
import type { PhoneMethod } from '../rollout/directory';
import { type BatchReader, type BatchReadOptions, errorCode, readEachInBatches } from './batch-reads';
import { phoneMethodsPath, toPhoneMethod } from './phone-methods';

/**
 * Phone methods of many users through JSON `$batch`, 20 reads per request. Graph throttles every
 * item on its own: a 429 item is retried after its own Retry-After (a bounded number of times)
 * while the others are kept. A 404 item means the user is gone. The result has one entry per user:
 * the methods, or a PhoneReadError saying why not.
 */
export { MAX_BATCH_SIZE } from './batch-reads';

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

export type PhoneBatchOptions = BatchReadOptions;

/** A 404 item means the user is gone; a 2xx item carries the user's phone methods. */
const phoneReader: BatchReader<PhoneReadResult> = {
  url: phoneMethodsPath,
  settle(status, response) {
    const value = (response?.body as { value?: unknown } | undefined)?.value;
    if (status >= 200 && status < 300 && Array.isArray(value)) {
      return (value as PhoneAuthenticationMethod[]).flatMap((raw) => toPhoneMethod(raw) ?? []);
    }
    if (status === 404) return new PhoneReadError('user-not-found', status, errorCode(response));
    return new PhoneReadError(status === 429 ? 'throttled' : 'failed', status, errorCode(response));
  },
};

export function readPhoneMethodsBatch(
  client: Client,
  userIds: readonly string[],
  options: PhoneBatchOptions = {},
): Promise<Map<string, PhoneReadResult>> {
  return readEachInBatches(client, userIds, phoneReader, options);
}
