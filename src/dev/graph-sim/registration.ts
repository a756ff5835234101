import type { PhoneType } from '../../rollout/directory';
import type { SimUser } from './directory';
import type { TenantState } from './state';

/**
 * userRegistrationDetails, derived from the user's phones and other methods on every read, so the
 * report can never contradict the phone methods API (the real report lags; ours is instant).
 */
const PHONE_METHOD_NAMES: Record<PhoneType, string> = {
  mobile: 'mobilePhone',
  alternateMobile: 'alternateMobilePhone',
  office: 'officePhone',
};

const MFA_METHODS = new Set([
  'mobilePhone',
  'alternateMobilePhone',
  'officePhone',
  'microsoftAuthenticatorPush',
  'microsoftAuthenticatorPasswordless',
  'softwareOneTimePasscode',
  'hardwareOneTimePasscode',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'fido2',
  'windowsHelloForBusiness',
]);

const PASSWORDLESS_METHODS = new Set([
  'microsoftAuthenticatorPasswordless',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'fido2',
  'windowsHelloForBusiness',
]);

const SSPR_METHODS = new Set([
  'mobilePhone',
  'alternateMobilePhone',
  'officePhone',
  'email',
  'microsoftAuthenticatorPush',
  'softwareOneTimePasscode',
  'securityQuestion',
]);

/** Strongest second factor first, as "system-preferred MFA" picks it. */
const PREFERRED: ReadonlyArray<[method: string, name: string]> = [
  ['microsoftAuthenticatorPush', 'push'],
  ['softwareOneTimePasscode', 'oath'],
  ['hardwareOneTimePasscode', 'oath'],
  ['mobilePhone', 'sms'],
  ['alternateMobilePhone', 'voiceAlternateMobile'],
  ['officePhone', 'voiceOffice'],
];

export interface RegistrationRow {
  id: string;
  userPrincipalName: string;
  userDisplayName: string;
  userType: string;
  isAdmin: boolean;
  isSsprRegistered: boolean;
  isSsprEnabled: boolean;
  isSsprCapable: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  methodsRegistered: string[];
  isSystemPreferredAuthenticationMethodEnabled: boolean;
  systemPreferredAuthenticationMethods: string[];
  userPreferredMethodForSecondaryAuthentication: string;
  lastUpdatedDateTime: string;
}

export const REGISTRATION_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'userPrincipalName',
  'userDisplayName',
  'userType',
  'isAdmin',
  'isSsprRegistered',
  'isSsprEnabled',
  'isSsprCapable',
  'isMfaRegistered',
  'isMfaCapable',
  'isPasswordlessCapable',
  'methodsRegistered',
  'isSystemPreferredAuthenticationMethodEnabled',
  'systemPreferredAuthenticationMethods',
  'userPreferredMethodForSecondaryAuthentication',
  'lastUpdatedDateTime',
]);

export function registrationRow(state: TenantState, user: SimUser): RegistrationRow {
  const methods = [
    ...state.phonesOf(user.id).map((phone) => PHONE_METHOD_NAMES[phone.phoneType]),
    ...state.registeredMethodsOf(user.id),
  ];
  const has = (set: ReadonlySet<string>) => methods.some((method) => set.has(method));
  const isMfaRegistered = has(MFA_METHODS);
  const isSsprRegistered = has(SSPR_METHODS);
  // Our tenant enables SSPR for everybody and allows every method, so "capable" = registered + enabled account.
  const preferred = PREFERRED.find(([method]) => methods.includes(method))?.[1] ?? 'none';
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    userDisplayName: user.displayName,
    userType: 'member',
    isAdmin: user.isAdmin,
    isSsprRegistered,
    isSsprEnabled: true,
    isSsprCapable: isSsprRegistered && user.accountEnabled,
    isMfaRegistered,
    isMfaCapable: isMfaRegistered && user.accountEnabled,
    isPasswordlessCapable: has(PASSWORDLESS_METHODS) && user.accountEnabled,
    methodsRegistered: methods,
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: preferred === 'none' ? [] : [preferred],
    userPreferredMethodForSecondaryAuthentication: preferred,
    lastUpdatedDateTime: state.lastUpdated(user.id),
  };
}
