import {
  type CountryCode,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import type { PhoneMethod } from './directory';
import { maskPhone } from './phone-mask';

/**
 * Phone numbers as people type them and as IT preloaded them, checked with libphonenumber-js and
 * turned into Graph's "+{cc} {number}" form.
 */
export const PHONE_PROBLEMS = [
  'empty',
  'not-a-number',
  'invalid-country',
  'too-short',
  'too-long',
  'invalid',
  'not-mobile',
] as const;
export type PhoneProblem = (typeof PHONE_PROBLEMS)[number];

export type ParsedPhone =
  | { ok: true; graphNumber: string; masked: string; country?: string }
  | { ok: false; problem: PhoneProblem };

function fail(problem: PhoneProblem): ParsedPhone {
  return { ok: false, problem };
}

const COUNTRY = /^[A-Z]{2}$/;

/**
 * `defaultCountry` (the user's Graph usageLocation) lets people type a national number ("20 12 34 56").
 * A number starting with + or 00 carries its own country.
 */
export function parsePhoneInput(input: string, defaultCountry?: string): ParsedPhone {
  const text = input.trim().replace(/^00(?=[1-9])/, '+');
  if (!text) return fail('empty');
  // A leading "(" is an area code in parentheses, as in "(425) 555-0199".
  if (!/^[+(\d][\d\s\-.()/]*$/.test(text)) return fail('not-a-number');
  const country =
    defaultCountry && COUNTRY.test(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const lengthProblem = validatePhoneNumberLength(text, country);
  if (lengthProblem === 'TOO_SHORT' || lengthProblem === 'NOT_A_NUMBER') return fail('too-short');
  if (lengthProblem === 'TOO_LONG') return fail('too-long');
  if (lengthProblem === 'INVALID_COUNTRY') return fail('invalid-country');
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(text, country);
  } catch (error) {
    if (error instanceof ParseError && error.message === 'INVALID_COUNTRY') return fail('invalid-country');
    return fail('not-a-number');
  }
  if (!parsed.isValid()) return fail('invalid');
  const type = parsed.getType();
  // MFA texts and calls need a phone that can receive SMS: landlines are refused when known to be one.
  if (type === 'FIXED_LINE' || type === 'TOLL_FREE' || type === 'PREMIUM_RATE' || type === 'SHARED_COST') {
    return fail('not-mobile');
  }
  const graphNumber = `+${parsed.countryCallingCode} ${parsed.nationalNumber}`;
  return { ok: true, graphNumber, masked: maskPhone(graphNumber), country: parsed.country };
}

export type PreloadedPhone =
  | { kind: 'present'; masked: string; phoneType: PhoneMethod['phoneType'] }
  | { kind: 'malformed'; phoneType: PhoneMethod['phoneType'] }
  | { kind: 'none' };

/**
 * Which preloaded number the card shows: the mobile one, else the alternate mobile. A number Graph
 * holds in a shape that does not parse is reported as malformed, never shown as if it were fine.
 */
export function preloadedPhone(methods: readonly PhoneMethod[]): PreloadedPhone {
  const method =
    methods.find((m) => m.phoneType === 'mobile') ?? methods.find((m) => m.phoneType === 'alternateMobile');
  if (!method) return { kind: 'none' };
  // Graph's own format, exactly: "+{cc} {number}" with an optional "x{extension}", digits only.
  const shape = /^\+(\d{1,4}) (\d+)(?:x\d+)?$/.exec(method.phoneNumber);
  if (!shape) return { kind: 'malformed', phoneType: method.phoneType };
  const parsed = parsePhoneInput(`+${shape[1]} ${shape[2]}`);
  const usable = parsed.ok || parsed.problem === 'not-mobile';
  // "+31 0612345656" parses, but only after dropping the trunk 0: Graph holds it in a wrong shape.
  if (!usable || (parsed.ok && parsed.graphNumber !== `+${shape[1]} ${shape[2]}`)) {
    return { kind: 'malformed', phoneType: method.phoneType };
  }
  return { kind: 'present', masked: maskPhone(method.phoneNumber), phoneType: method.phoneType };
}
