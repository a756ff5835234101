import { resolveLocale, type SupportedLocale } from './locales';

/**
 * Dates and numbers in the reader's language. Dates are calendar days ("1 December 2026",
 * "1. december 2026"): formatted in UTC from a `YYYY-MM-DD` string, so no server or reader time
 * zone can move them to the day before.
 */

/** The region each language is written for when the caller's tag names none (en → "1 December 2026"). */
const DEFAULT_REGION: Record<SupportedLocale, string> = {
  en: 'en-GB',
  da: 'da-DK',
  de: 'de-DE',
  fr: 'fr-FR',
  es: 'es-ES',
};

export class InvalidIsoDateError extends Error {
  constructor(readonly value: unknown) {
    super(`expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
    this.name = 'InvalidIsoDateError';
  }
}

/**
 * The tag to format with: the caller's own tag when it is valid and its language is the one the
 * text is in (en-US readers get "December 1, 2026"), otherwise the language's default region. An
 * unsupported tag reads English text, so it gets English dates too, not a mix.
 */
export function formattingLocale(tag: string | undefined | null): string {
  const language = resolveLocale(tag);
  if (tag) {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag.trim().replace(/_/g, '-'));
      if (canonical?.includes('-') && canonical.split('-')[0]?.toLowerCase() === language) return canonical;
    } catch {
      // Malformed tag: fall through to the language default.
    }
  }
  return DEFAULT_REGION[language];
}

export function parseIsoDate(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new InvalidIsoDateError(value);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over to March; a real calendar date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new InvalidIsoDateError(value);
  }
  return date;
}

export function formatDate(tag: string | undefined | null, isoDate: string): string {
  const locale = formattingLocale(tag);
  const parts = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(parseIsoDate(isoDate));
  // French writes the first of the month as an ordinal ("1er décembre"); Intl does not.
  const ordinalFirst = resolveLocale(locale) === 'fr';
  return parts
    .map((part) => (ordinalFirst && part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

export function formatNumber(tag: string | undefined | null, value: number): string {
  return new Intl.NumberFormat(formattingLocale(tag)).format(value);
}
