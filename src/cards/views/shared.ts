import type { IsoDate, LinkName } from '../card-data';
import { formatDate } from '../format';
import { helpdeskName } from '../helpdesk';
import { loadLinks } from '../links';
import { t, tp } from '../locales';
import { markdownLink } from '../markdown';

/** Pieces more than one card shows, built the same way everywhere. */

/** Microsoft-provided SMS and voice MFA retire on this day; phone stays a backup/recovery path. */
export const SMS_VOICE_RETIREMENT: IsoDate = '2027-02-01';

export class UnmaskedPhoneError extends Error {
  constructor() {
    // The value itself is deliberately not in the message: it may be a clear number headed for a log.
    super('phone must be masked before it reaches a card (at most 4 digits after the country code)');
    this.name = 'UnmaskedPhoneError';
  }
}

export class MissingActionTokenError extends Error {
  constructor(template: string) {
    super(`${template}: an action token is required and must not be empty`);
    this.name = 'MissingActionTokenError';
  }
}

/**
 * Defence in depth for "the clear number never reaches a card": callers mask with rollout's
 * `maskPhone` ("+45 •• •• •5 67", three digits visible). Anything still showing more than four
 * digits after an optional "+cc " prefix is refused rather than sent to a chat.
 */
export function isMaskedPhone(phone: string): boolean {
  const national = phone.trim().replace(/^\+\d{1,4}\s+/, '');
  const digits = national.replace(/\D/g, '').length;
  return digits <= 4 && !national.startsWith('+');
}

export function assertMaskedPhone(phone: string): void {
  if (!isMaskedPhone(phone)) throw new UnmaskedPhoneError();
}

export function assertToken(template: string, token: string | undefined): asserts token is string {
  if (typeof token !== 'string' || token.trim() === '') throw new MissingActionTokenError(template);
}

/** Localised Markdown links, in the order given; labels come from `link.<name>` in the locale file. */
export function helpLinks(locale: string, names: readonly LinkName[]): { markdown: string }[] {
  const links = loadLinks();
  return names.map((name) => ({ markdown: markdownLink(t(locale, `link.${name}`), links[name]) }));
}

/** The "use the Authenticator app or a passkey" nudge, with the retirement date in the reader's format. */
export function recommendationText(locale: string): { recommendHeading: string; recommendBody: string } {
  return {
    recommendHeading: t(locale, 'common.recommendHeading'),
    recommendBody: t(locale, 'common.recommendBody', {
      retirementDate: formatDate(locale, SMS_VOICE_RETIREMENT),
    }),
  };
}

/** The anti-phishing line and the "questions?" line, both naming the helpdesk. */
export function safetyText(
  locale: string,
  contact: string | undefined,
): { phishing: string; questions: string } {
  const helpdesk = helpdeskName(locale, contact);
  return {
    phishing: t(locale, 'common.phishing', { helpdesk }),
    questions: t(locale, 'common.questions', { helpdesk }),
  };
}

/** A wave's size as the announcement and the digest both say it: "20 users" or "20 users, 1 excluded". */
export function waveSizeText(locale: string, users: number, excluded: number): string {
  const all = tp(locale, 'waveSize.users', users);
  return excluded > 0 ? tp(locale, 'waveSize.withExcluded', excluded, { users: all }) : all;
}
