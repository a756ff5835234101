import { parsePhoneNumberWithError } from 'libphonenumber-js/max';

/**
 * A Graph-form number ("+45 20123456") as people read it ("+45 20 12 34 56"). Shown only to its
 * owner in their own chat, or to the helpdesk that must verify it; never logged.
 */
export function formatPhoneForDisplay(graphNumber: string): string {
  try {
    return parsePhoneNumberWithError(graphNumber.replace(/x\d+$/, '')).formatInternational();
  } catch {
    return graphNumber;
  }
}

/** The country (ISO 3166 alpha-2) a Graph-form number belongs to, when libphonenumber knows it. */
export function phoneCountry(graphNumber: string): string | undefined {
  try {
    return parsePhoneNumberWithError(graphNumber).country;
  } catch {
    return undefined;
  }
}
