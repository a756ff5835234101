import type { Client } from '@microsoft/microsoft-graph-client';
import type { PhoneAuthenticationMethod } from '@microsoft/microsoft-graph-types';
import { MOBILE_PHONE_METHOD_ID, type PhoneMethod, type PhoneType } from '../rollout/directory';
import { GraphRequestError, graphCall, UnexpectedGraphResponseError } from './errors';
import { segment } from './paging';

/**
 * A user's phone authentication methods. Reads return numbers exactly as Graph holds them (a
 * preloaded number may be malformed: deciding that is the rollout core's job). Writes go through
 * the app's own permission and are checked against Graph's format first, so a bad number never
 * costs a request.
 */
const PHONE_TYPES: ReadonlySet<string> = new Set<PhoneType>(['mobile', 'alternateMobile', 'office']);

/** `+{country code} {number}x{extension}`, digits only, 7 to 15 of them (E.164). */
const GRAPH_PHONE_NUMBER = /^\+(\d{1,4}) (\d+)(?:x\d{1,10})?$/;

export function isGraphPhoneNumber(value: string): boolean {
  const match = GRAPH_PHONE_NUMBER.exec(value);
  if (!match) return false;
  const digits = match[1]!.length + match[2]!.length;
  return digits >= 7 && digits <= 15;
}

/** Deliberately without the number in the message: errors end up in logs. */
export class InvalidPhoneNumberError extends Error {
  constructor() {
    super('Phone number is not in Graph format "+{country code} {number}"');
    this.name = 'InvalidPhoneNumberError';
  }
}

export function toPhoneMethod(raw: PhoneAuthenticationMethod): PhoneMethod | undefined {
  if (!raw.id || !raw.phoneNumber || !raw.phoneType || !PHONE_TYPES.has(raw.phoneType)) return undefined;
  return { id: raw.id, phoneType: raw.phoneType as PhoneType, phoneNumber: raw.phoneNumber };
}

export function phoneMethodsPath(userId: string): string {
  return `/users/${segment(userId)}/authentication/phoneMethods`;
}

/** All phone methods; a missing user is a GraphRequestError with status 404. */
export async function listPhoneMethods(client: Client, userId: string): Promise<PhoneMethod[]> {
  const body = (await graphCall(() => client.api(phoneMethodsPath(userId)).get())) as
    | { value?: unknown }
    | undefined;
  if (!body || !Array.isArray(body.value))
    throw new UnexpectedGraphResponseError('phoneMethods without value');
  return (body.value as PhoneAuthenticationMethod[]).flatMap((raw) => toPhoneMethod(raw) ?? []);
}

/**
 * The mobile phone, read from the list rather than by its fixed id: a 404 on the method would not
 * tell "no mobile" from "no user".
 */
export async function getMobilePhone(client: Client, userId: string): Promise<PhoneMethod | undefined> {
  return (await listPhoneMethods(client, userId)).find((method) => method.phoneType === 'mobile');
}

export type SetMobileOutcome = 'created' | 'updated' | 'unchanged';

export interface SetMobileResult {
  outcome: SetMobileOutcome;
  method: PhoneMethod;
}

/** Creates or replaces the mobile phone. The number must already be in Graph format (see rollout/phone-number). */
export async function setMobilePhone(
  client: Client,
  userId: string,
  phoneNumber: string,
): Promise<SetMobileResult> {
  if (!isGraphPhoneNumber(phoneNumber)) throw new InvalidPhoneNumberError();
  const method: PhoneMethod = { id: MOBILE_PHONE_METHOD_ID, phoneType: 'mobile', phoneNumber };
  const existing = await getMobilePhone(client, userId);
  if (existing?.phoneNumber === phoneNumber) return { outcome: 'unchanged', method };
  if (existing) {
    await updateMobile(client, userId, phoneNumber);
    return { outcome: 'updated', method };
  }
  try {
    await graphCall(() => client.api(phoneMethodsPath(userId)).post({ phoneNumber, phoneType: 'mobile' }));
    return { outcome: 'created', method };
  } catch (error) {
    if (error instanceof GraphRequestError && isSmsSignInConflict(error))
      return { outcome: 'created', method };
    // Somebody added a mobile between our read and our write: replace it instead.
    if (error instanceof GraphRequestError && isAlreadyExists(error)) {
      await updateMobile(client, userId, phoneNumber);
      return { outcome: 'updated', method };
    }
    throw error;
  }
}

async function updateMobile(client: Client, userId: string, phoneNumber: string): Promise<void> {
  try {
    await graphCall(() =>
      client
        .api(`${phoneMethodsPath(userId)}/${MOBILE_PHONE_METHOD_ID}`)
        .patch({ phoneNumber, phoneType: 'mobile' }),
    );
  } catch (error) {
    if (!(error instanceof GraphRequestError && isSmsSignInConflict(error))) throw error;
  }
}

/**
 * The method was written, only its registration for SMS sign-in failed: another user signs in by
 * SMS with this number (409 phoneNumberNotUnique).
 */
function isSmsSignInConflict(error: GraphRequestError): boolean {
  return error.status === 409 && error.code === 'phoneNumberNotUnique';
}

/** Graph refuses a second phone of one type; 409 in our simulator, a 400 mentioning it elsewhere. */
function isAlreadyExists(error: GraphRequestError): boolean {
  if (isSmsSignInConflict(error)) return false;
  return error.status === 409 || (error.status === 400 && /already exist/i.test(error.message));
}
