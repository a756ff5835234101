import type { AwarenessConfirmedCardData } from '../card-data';
import { formatDate } from '../format';
import { loadLinks } from '../links';
import { resolveLocale, t } from '../locales';
import { assertMaskedPhone, SMS_VOICE_RETIREMENT } from './shared';

const HEADINGS = {
  confirmed: 'confirmed.heading',
  saved: 'confirmed.headingSaved',
  approved: 'confirmed.headingApproved',
} as const;

/**
 * What `cards/awareness-confirmed.json` binds to: the last card of the phone path, short on purpose.
 * What happened (the heading and the number), what happens next, and one line toward the
 * Authenticator app or a passkey; everything else the user read on the awareness card already.
 */
export function awarenessConfirmedView(data: AwarenessConfirmedCardData, locale: string) {
  const phone = data.phone.trim();
  assertMaskedPhone(phone);
  return {
    lang: resolveLocale(locale),
    phone,
    securityInfoUrl: loadLinks().mySecurityInfo,
    text: {
      heading: t(locale, HEADINGS[data.how ?? 'confirmed']),
      number: t(locale, 'confirmed.number'),
      next: t(locale, 'confirmed.next', { date: formatDate(locale, data.enforcementDate) }),
      stronger: t(locale, 'confirmed.stronger', {
        retirementDate: formatDate(locale, SMS_VOICE_RETIREMENT),
      }),
      setUpAuthenticator: t(locale, 'action.setUpAuthenticator'),
    },
  };
}
