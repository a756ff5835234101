import type { IsoDate } from './card-data';
import { resolveLocale, type SupportedLocale, t, tp } from './locales';

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
const formattingLocales = new Map<string, string>();

export function formattingLocale(tag: string | undefined | null): string {
  const cached = formattingLocales.get(tag ?? '');
  if (cached) return cached;
  const found = findFormattingLocale(tag);
  // Tags come from Teams and Graph: a handful per tenant, so the cache stays small.
  if (formattingLocales.size < 1000) formattingLocales.set(tag ?? '', found);
  return found;
}

function findFormattingLocale(tag: string | undefined | null): string {
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

/**
 * Intl formatters are costly to build and safe to reuse: one per locale, built on first use (a
 * wave renders the same few locales tens of thousands of times).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(locale, format);
  }
  return format;
}

export function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format;
}

export function formatDate(tag: string | undefined | null, isoDate: string): string {
  const locale = formattingLocale(tag);
  const parts = dateFormat(locale).formatToParts(parseIsoDate(isoDate));
  // French writes the first of the month as an ordinal ("1er décembre"); Intl does not.
  const ordinalFirst = resolveLocale(locale) === 'fr';
  return parts
    .map((part) => (ordinalFirst && part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

export function formatNumber(tag: string | undefined | null, value: number): string {
  return numberFormat(formattingLocale(tag)).format(value);
}

/** "Denmark", "Dänemark", "Danemark": a country (ISO 3166 alpha-2) named in the reader's language. */
export function countryName(tag: string | undefined | null, country: string): string {
  try {
    return new Intl.DisplayNames([resolveLocale(tag)], { type: 'region' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/** The calendar day of an ISO timestamp, as card data carries dates (`IsoDate`). */
export const isoDay = (timestamp: string): IsoDate => timestamp.slice(0, 10);

const MINUTES_PER_DAY = 24 * 60;

/**
 * When a snoozed card comes back, as the cards say it: "tomorrow" for exactly a day, else "in 2
 * days", "in 6 hours" or "in 2 minutes" (whole hours from two hours on). Never "later today": the
 * bot does not know the reader's clock.
 */
export function snoozeTime(tag: string | undefined | null, hours: number): string {
  const minutes = Math.max(1, Math.round(hours * 60));
  if (minutes === MINUTES_PER_DAY) return t(tag ?? undefined, 'snooze.tomorrow');
  if (minutes % MINUTES_PER_DAY === 0)
    return tp(tag ?? undefined, 'snooze.inDays', minutes / MINUTES_PER_DAY);
  if (minutes % 60 === 0 || minutes >= 120)
    return tp(tag ?? undefined, 'snooze.inHours', Math.round(minutes / 60));
  return tp(tag ?? undefined, 'snooze.inMinutes', minutes);
}

/** A label or title that starts with a capital letter, whatever word its first placeholder held ("Morgen erinnern"). */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A file size as people read it in their language: "5 MB", "800 kB" (decimal units, as file managers show them). */
export function formatFileSize(locale: string | undefined, bytes: number): string {
  const resolved = resolveLocale(locale);
  const [unit, size] =
    bytes >= 1_000_000 ? (['megabyte', bytes / 1_000_000] as const) : (['kilobyte', bytes / 1000] as const);
  return new Intl.NumberFormat(resolved, { style: 'unit', unit, maximumFractionDigits: 1 }).format(size);
}
