/**
 * What the rollout needs to know about a directory user and their methods, in domain words.
 * graph/ maps Microsoft Graph shapes onto these; nothing here knows about Graph.
 */
export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail?: string;
  /** ISO 3166 two-letter code, e.g. "DK"; the default country when a user types a number. */
  usageLocation?: string;
  /** BCP 47 tag, e.g. "da-DK". */
  preferredLanguage?: string;
  accountEnabled?: boolean;
}

export type PhoneType = 'mobile' | 'alternateMobile' | 'office';

/** A phone method as IT preloaded it. `phoneNumber` is in Graph's "+{cc} {number}" form. */
export interface PhoneMethod {
  id: string;
  phoneType: PhoneType;
  phoneNumber: string;
}

/** The registration facts the rollout decides on (from userRegistrationDetails). */
export interface RegistrationFacts {
  userId: string;
  isMfaRegistered: boolean;
  /** Methods as Graph names them: mobilePhone, microsoftAuthenticatorPush, passKeyDeviceBound, fido2, ... */
  methodsRegistered: string[];
}

export const MOBILE_PHONE_METHOD_ID = '3179e48a-750b-4051-897c-87b9720928f7';

/** Methods that survive the 1 February 2027 retirement of Microsoft-provided SMS and voice MFA. */
const STRONG_METHODS = new Set([
  'microsoftAuthenticatorPush',
  'microsoftAuthenticatorPasswordless',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'fido2',
  'windowsHelloForBusiness',
]);

export function hasStrongMethod(methods: readonly string[]): boolean {
  return methods.some((method) => STRONG_METHODS.has(method));
}
