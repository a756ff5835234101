import type { AwarenessCardData } from '../card-data';
import { capitalised, formatDate, snoozeTime } from '../format';
import { loadLinks } from '../links';
import { resolveLocale, t } from '../locales';
import { assertMaskedPhone, assertToken, helpLinks, recommendationText, safetyText } from './shared';

/** What `cards/awareness.json` binds to: the data, plus every sentence already in the reader's language. */
export function awarenessView(data: AwarenessCardData, locale: string) {
  assertToken('awareness', data.token);
  const phone = data.phone?.trim() || undefined;
  if (phone !== undefined) assertMaskedPhone(phone);
  const date = formatDate(locale, data.enforcementDate);
  const brief = data.brief === true;
  return {
    lang: resolveLocale(locale),
    token: data.token,
    hasPhone: phone !== undefined,
    phone,
    snoozeAllowed: data.snoozeAllowed,
    brief,
    securityInfoUrl: loadLinks().mySecurityInfo,
    helpLinks: brief
      ? []
      : helpLinks(locale, [
          'mySecurityInfo',
          'setUpSecurityInfo',
          'authenticatorApp',
          'passkeys',
          'commonProblems',
          'mfaOverview',
        ]),
    text: {
      fallbackText: t(locale, 'awareness.fallbackText', { date }),
      // A brief card leads with what to do: the rest the user has read on their first card.
      heading: t(locale, brief ? 'awareness.todoHeading' : 'awareness.heading'),
      greeting: t(locale, 'awareness.greeting', { name: data.userDisplayName }),
      whatChanges: t(locale, 'awareness.whatChanges', { date, org: data.orgName }),
      why: t(locale, 'awareness.why'),
      todoHeading: t(locale, 'awareness.todoHeading'),
      phoneIntro: t(locale, data.phoneGivenByUser ? 'awareness.phoneIntroYours' : 'awareness.phoneIntro'),
      phoneAsk: t(locale, 'awareness.phoneAsk'),
      noPhone: t(locale, 'awareness.noPhone'),
      ...recommendationText(locale),
      helpHeading: t(locale, 'common.helpHeading'),
      ...safetyText(locale, data.helpdeskContact),
      confirmPhone: t(locale, 'action.confirmPhone'),
      disputePhone: t(locale, 'action.disputePhone'),
      setUpAuthenticator: t(locale, 'action.setUpAuthenticator'),
      addPhone: t(locale, 'action.addPhone'),
      snooze: capitalised(t(locale, 'action.snooze', { when: snoozeTime(locale, data.snoozeHours) })),
    },
  };
}
