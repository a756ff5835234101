import type { AwarenessConfirmedCardData } from '../card-data';
import { formatDate } from '../format';
import { loadLinks } from '../links';
import { resolveLocale, t } from '../locales';
import { assertMaskedPhone, helpLinks, recommendationText, safetyText } from './shared';

/** What `cards/awareness-confirmed.json` binds to. */
export function awarenessConfirmedView(data: AwarenessConfirmedCardData, locale: string) {
  const phone = data.phone.trim();
  assertMaskedPhone(phone);
  return {
    lang: resolveLocale(locale),
    phone,
    securityInfoUrl: loadLinks().mySecurityInfo,
    helpLinks: helpLinks(locale, ['authenticatorApp', 'passkeys']),
    text: {
      fallbackText: t(locale, 'confirmed.fallbackText'),
      heading: t(locale, 'confirmed.heading'),
      number: t(locale, 'confirmed.number'),
      next: t(locale, 'confirmed.next', { date: formatDate(locale, data.enforcementDate) }),
      nothingElse: t(locale, 'confirmed.nothingElse'),
      ...recommendationText(locale),
      ...safetyText(locale, data.helpdeskContact),
      setUpAuthenticator: t(locale, 'action.setUpAuthenticator'),
    },
  };
}
