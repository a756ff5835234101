import { z } from 'zod';
import { cardsDirectory, readCardsJson } from './assets';

/**
 * Localised strings for every card. The English file is the reference: its keys are the key set,
 * and a missing translation falls back to English rather than breaking a card at 2 a.m.
 *
 * Parameters are substituted here, in code, in one pass over the translation only: a value such
 * as a display name is inserted as-is and never scanned again, so `{name}` or `${user.id}` inside
 * it stays literal. Nothing in this module evaluates a template.
 */

export const SUPPORTED_LOCALES = ['en', 'da', 'de', 'fr', 'es'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = 'en';

/** Keys as the English file spells them; a typo in code fails the type check. */
export type LocaleKey = keyof typeof import('../../cards/locales/en.json');

/** Keys that come in `.one` / `.other` forms (see `tp`). */
export type PluralKey = LocaleKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;

export type TextParams = Readonly<Record<string, string | number>>;

export class MissingLocaleKeyError extends Error {
  constructor(readonly key: string) {
    super(`no English string for locale key "${key}"`);
    this.name = 'MissingLocaleKeyError';
  }
}

export class MissingTextParamError extends Error {
  constructor(
    readonly key: string,
    readonly param: string,
  ) {
    super(`locale key "${key}" needs parameter {${param}}`);
    this.name = 'MissingTextParamError';
  }
}

const stringsFile = z.record(z.string(), z.string());
const cache = new Map<string, Readonly<Record<string, string>>>();

function isSupported(language: string): language is SupportedLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(language);
}

/** `da-DK` → `da`, `es-419` → `es`, `EN_us` → `en`; anything unknown, empty or malformed → `en`. */
export function resolveLocale(tag: string | undefined | null): SupportedLocale {
  if (!tag) return DEFAULT_LOCALE;
  const language = tag.trim().replace(/_/g, '-').split('-')[0]?.toLowerCase() ?? '';
  return isSupported(language) ? language : DEFAULT_LOCALE;
}

/** All strings of one language, as its file has them (cached per cards folder). */
export function loadStrings(locale: SupportedLocale): Readonly<Record<string, string>> {
  const cacheKey = `${cardsDirectory()}\u0000${locale}`;
  let strings = cache.get(cacheKey);
  if (!strings) {
    const parsed = stringsFile.safeParse(readCardsJson(`locales/${locale}.json`));
    if (!parsed.success) throw new Error(`cards/locales/${locale}.json: every value must be a string`);
    strings = Object.freeze(parsed.data);
    cache.set(cacheKey, strings);
  }
  return strings;
}

function lookup(locale: SupportedLocale, key: string): string {
  const text = loadStrings(locale)[key] ?? loadStrings(DEFAULT_LOCALE)[key];
  if (text === undefined) throw new MissingLocaleKeyError(key);
  return text;
}

/** The `{name}` placeholders a string uses, in order. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
}

/** One number formatter per language, built once (building one costs more than using it). */
const numberFormats = new Map<SupportedLocale, Intl.NumberFormat>();

function substitute(locale: SupportedLocale, key: string, text: string, params: TextParams): string {
  if (!text.includes('{')) return text;
  let numbers = numberFormats.get(locale);
  if (!numbers) {
    numbers = new Intl.NumberFormat(locale);
    numberFormats.set(locale, numbers);
  }
  const format = numbers;
  return text.replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) throw new MissingTextParamError(key, name);
    return typeof value === 'number' ? format.format(value) : value;
  });
}

/** A string by key, with `{name}` parameters filled in. A missing or unknown locale tag reads English. */
export function t(locale: string | undefined, key: LocaleKey, params: TextParams = {}): string {
  return translate(locale, key, params);
}

/** Like `t`, for keys not known at compile time (a `LocaleText` from card data). */
export function translate(locale: string | undefined, key: string, params: TextParams = {}): string {
  const resolved = resolveLocale(locale);
  return substitute(resolved, key, lookup(resolved, key), params);
}

/**
 * A counted string: picks `<key>.one` or `<key>.other` by the language's plural rules and fills
 * `{count}` (formatted for the locale). Languages with more categories fall back to `.other`.
 */
export function tp(
  locale: string | undefined,
  key: PluralKey,
  count: number,
  params: TextParams = {},
): string {
  const resolved = resolveLocale(locale);
  const category = new Intl.PluralRules(resolved).select(count);
  const strings = loadStrings(resolved);
  const chosen = `${key}.${category}` in strings ? `${key}.${category}` : `${key}.other`;
  return translate(resolved, chosen, { ...params, count });
}
