/**
 * Domain records in, cards out, for the cards a user gets in their own chat: the one place that
 * knows how a wave and a user's record map onto those templates' data. Callers never build card
 * data by hand.
 */
import type { WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { CardDataMap, CardTemplateName, ConfirmedHow } from './card-data';
import type { CardSettings } from './card-settings';
import { isoDay, snoozeTime } from './format';
import { DEFAULT_LOCALE } from './locales';
import { type AdaptiveCardAttachment, renderCard } from './render';
import { type Slot, stampCard } from './stamp';
import { isMaskedPhone } from './views/shared';

const helpdesk = (config: CardSettings) => config.HELPDESK_CONTACT.trim() || undefined;

interface AwarenessInput {
  record: WaveUserRecord;
  wave: Wave;
  token: string;
  config: CardSettings;
  locale?: string;
  snoozeAllowed?: boolean;
  /** SNOOZE_HOURS: the snooze button says when the card comes back. */
  snoozeHours: number;
  brief?: boolean;
}

interface ConfirmedInput {
  record: WaveUserRecord;
  wave: Wave;
  config: CardSettings;
  locale?: string;
  how?: ConfirmedHow;
}

/** What a compose function hands to the renderer; exported so tests can render it the slow way. */
export interface CardRequest<N extends CardTemplateName> {
  name: N;
  data: CardDataMap[N];
  locale: string;
}

export function awarenessRequest(input: AwarenessInput): CardRequest<'awareness'> {
  const { record, wave, config } = input;
  return {
    name: 'awareness',
    data: {
      token: input.token,
      userDisplayName: record.displayName,
      orgName: config.ORGANIZATION_NAME,
      enforcementDate: isoDay(wave.deadline),
      phone: record.phoneMasked,
      phoneGivenByUser: record.phoneFrom === 'user' || undefined,
      snoozeAllowed: input.snoozeAllowed ?? false,
      snoozeHours: input.snoozeHours,
      brief: input.brief || undefined,
      helpdeskContact: helpdesk(config),
    },
    locale: input.locale ?? record.locale ?? DEFAULT_LOCALE,
  };
}

/** The awareness card's per-user values; the rest is shared by everyone in the wave with their language. */
const AWARENESS_SLOTS: readonly Slot<'awareness'>[] = [
  { field: 'token' },
  { field: 'userDisplayName' },
  { field: 'phone', accepts: isMaskedPhone },
];

/** Sent to every user of a wave (the hot path of a send): stamped from a cached shape, see stamp.ts. */
export function composeAwarenessCard(input: AwarenessInput): AdaptiveCardAttachment {
  const { name, data, locale } = awarenessRequest(input);
  return stampCard(name, data, locale, AWARENESS_SLOTS);
}

export function confirmedRequest(input: ConfirmedInput): CardRequest<'awareness-confirmed'> {
  return {
    name: 'awareness-confirmed',
    data: {
      phone: input.record.phoneMasked ?? '',
      enforcementDate: isoDay(input.wave.deadline),
      how: input.how,
    },
    locale: input.locale ?? input.record.locale ?? DEFAULT_LOCALE,
  };
}

const CONFIRMED_SLOTS: readonly Slot<'awareness-confirmed'>[] = [{ field: 'phone', accepts: isMaskedPhone }];

export function composeConfirmedCard(input: ConfirmedInput): AdaptiveCardAttachment {
  const { name, data, locale } = confirmedRequest(input);
  return stampCard(name, data, locale, CONFIRMED_SLOTS);
}

/** The answer to "Remind me …": when the card comes back (after SNOOZE_HOURS). */
export function composeSnoozedCard(input: { snoozeHours: number; locale?: string }): AdaptiveCardAttachment {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const params = { when: snoozeTime(locale, input.snoozeHours) };
  return renderCard(
    'message',
    { title: { key: 'notice.snoozed.title', params }, body: [{ key: 'notice.snoozed.body', params }] },
    locale,
  );
}

/**
 * The phone dialog's "You typed … Is that right?" with Yes / No (while `token` is given), or with
 * the answer once given. `number` is the clear number formatted for reading: only for the user's own chat.
 */
export function composeNumberConfirmCard(input: {
  number: string;
  foreignCountry?: string;
  retry?: boolean;
  token?: string;
  answer?: 'yes' | 'no';
  locale: string;
}): AdaptiveCardAttachment {
  const { locale, ...data } = input;
  return renderCard('number-confirm', data, locale);
}
