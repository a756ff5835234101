import type { Client } from '@microsoft/microsoft-graph-client';
import type { PhoneType } from '../rollout/directory';
import { type WriteAnswer, type WriteRequest, writeEachInBatches } from './batch-writes';
import { isGraphPhoneNumber, phoneMethodsPath } from './phone-methods';
import type { WritePacer } from './write-pacer';

/**
 * Writes many users' phone methods through `$batch` under the shared identity write budget (the
 * phone preload). The caller has read the methods and says POST (none of that type) or PATCH
 * (replace it). Each write gets one outcome; a number never appears in an outcome or an error.
 */
export interface PhoneWrite {
  /** The caller's id for this write (a row, a user): the result is keyed by it. */
  key: string;
  userId: string;
  phoneType: PhoneType;
  /** Already in Graph format, "+45 20123456". */
  phoneNumber: string;
  method: 'POST' | 'PATCH';
}

export type PhoneWriteOutcome =
  /** Created (POST) or replaced (PATCH). */
  | 'written'
  /** POST found a phone of that type already there: nothing was changed. */
  | 'exists'
  | 'user-not-found'
  /** Graph (or the format check before it) refused the number or the request. */
  | 'invalid'
  | 'failed';

export interface PhoneWriteResult {
  outcome: PhoneWriteOutcome;
  /** Graph's status for the item; 0 when no request was sent or no answer came. */
  status: number;
  code?: string;
}

export interface PhoneWriteOptions {
  pacer: WritePacer;
  /** Retries per item after a 429/503/504. Default 5. */
  maxRetries?: number;
  /** Batches in flight at once. Default 2. */
  concurrency?: number;
}

/** The fixed ids Graph gives each phone type's method. */
const METHOD_IDS: Record<PhoneType, string> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};

function request(write: PhoneWrite): WriteRequest {
  const body = { phoneNumber: write.phoneNumber, phoneType: write.phoneType };
  return write.method === 'POST'
    ? { method: 'POST', url: phoneMethodsPath(write.userId), body }
    : { method: 'PATCH', url: `${phoneMethodsPath(write.userId)}/${METHOD_IDS[write.phoneType]}`, body };
}

/** Graph refuses a second phone of one type: 409 in our simulator, a 400 saying so elsewhere. */
function alreadyExists(answer: WriteAnswer): boolean {
  if (answer.code === WRITTEN_BUT_NOT_FOR_SMS_SIGN_IN) return false;
  const message = (answer.response?.body as { error?: { message?: string } } | undefined)?.error?.message;
  return answer.status === 409 || (answer.status === 400 && /already exist/i.test(message ?? ''));
}

/**
 * Graph writes the method, then fails registering the number for SMS sign-in when another user
 * signs in with it: 409 phoneNumberNotUnique, yet the phone method is there.
 */
const WRITTEN_BUT_NOT_FOR_SMS_SIGN_IN = 'phoneNumberNotUnique';

function settle(write: PhoneWrite, answer: WriteAnswer): PhoneWriteResult {
  const { status } = answer;
  const code = answer.code === undefined ? {} : { code: answer.code };
  if (status >= 200 && status < 300) return { outcome: 'written', status, ...code };
  if (answer.code === WRITTEN_BUT_NOT_FOR_SMS_SIGN_IN) return { outcome: 'written', status, ...code };
  if (write.method === 'POST' && alreadyExists(answer)) return { outcome: 'exists', status, ...code };
  // A missing user is Request_ResourceNotFound; a PATCH of a method the user lacks is itemNotFound.
  if (status === 404 && answer.code !== 'itemNotFound') return { outcome: 'user-not-found', status, ...code };
  if (status === 400) return { outcome: 'invalid', status, ...code };
  return { outcome: 'failed', status, ...code };
}

/**
 * Graph wants a mobile before an alternate mobile, and `$batch` items may run in any order, so the
 * alternate mobiles go in a second round, after every mobile of the call has its answer.
 */
export async function writePhoneMethods(
  client: Client,
  writes: readonly PhoneWrite[],
  options: PhoneWriteOptions,
): Promise<Map<string, PhoneWriteResult>> {
  const results = new Map<string, PhoneWriteResult>();
  const valid: PhoneWrite[] = [];
  const keys = new Set<string>();
  for (const write of writes) {
    if (keys.has(write.key)) throw new RangeError('writePhoneMethods needs a distinct key per write');
    keys.add(write.key);
    if (isGraphPhoneNumber(write.phoneNumber)) valid.push(write);
    else results.set(write.key, { outcome: 'invalid', status: 0, code: 'invalidPhoneNumberFormat' });
  }
  const rounds = [
    valid.filter((write) => write.phoneType !== 'alternateMobile'),
    valid.filter((write) => write.phoneType === 'alternateMobile'),
  ];
  for (const round of rounds) {
    if (!round.length) continue;
    const byKey = new Map(round.map((write) => [write.key, write]));
    const answers = await writeEachInBatches(
      client,
      round.map((write) => ({ key: write.key, request: request(write) })),
      {
        pacer: options.pacer,
        ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      },
    );
    for (const [key, answer] of answers) results.set(key, settle(byKey.get(key)!, answer));
  }
  return results;
}
