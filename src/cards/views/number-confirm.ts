import type { NumberConfirmCardData } from '../card-data';
import { countryName } from '../format';
import { resolveLocale, t } from '../locales';
import { assertToken } from './shared';

function question(data: NumberConfirmCardData, locale: string): string {
  const number = data.number.trim();
  if (data.retry) return t(locale, 'dialog.phone.confirmRetry', { number });
  if (data.foreignCountry) {
    return t(locale, 'dialog.phone.confirmForeign', {
      number,
      country: countryName(locale, data.foreignCountry),
    });
  }
  return t(locale, 'dialog.phone.confirm', { number });
}

/**
 * What `cards/number-confirm.json` binds to: the question, and either the Yes / No buttons (while
 * waiting) or the answer given (once answered, so the buttons cannot be pressed again).
 */
export function numberConfirmView(data: NumberConfirmCardData, locale: string) {
  const answered = data.answer !== undefined;
  const waiting = !answered && data.token !== undefined;
  if (waiting) assertToken('number-confirm', data.token);
  const yes = t(locale, 'dialog.phone.yes');
  const no = t(locale, 'dialog.phone.no');
  return {
    lang: resolveLocale(locale),
    answered,
    waiting,
    token: data.token ?? '',
    text: {
      question: question(data, locale),
      answer: answered
        ? t(locale, 'dialog.phone.answered', { answer: data.answer === 'yes' ? yes : no })
        : '',
      yes,
      no,
    },
  };
}
