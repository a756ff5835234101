import { type LocaleKey, t } from '../../cards/locales';
import type { PhoneProblem } from '../../rollout/phone-number';

/** Chat text of the phone dialogs, in the user's language (cards/locales, keys `dialog.phone.*`). */

const PROBLEM_KEYS: Record<PhoneProblem, LocaleKey> = {
  empty: 'dialog.phone.problem.empty',
  'not-a-number': 'dialog.phone.problem.notANumber',
  'invalid-country': 'dialog.phone.problem.invalidCountry',
  'too-short': 'dialog.phone.problem.tooShort',
  'too-long': 'dialog.phone.problem.tooLong',
  invalid: 'dialog.phone.problem.invalid',
  'not-mobile': 'dialog.phone.problem.notMobile',
};

/** What is wrong with what they typed, in plain words, and how to go on. */
export function problemText(locale: string, problem: PhoneProblem): string {
  return `${t(locale, PROBLEM_KEYS[problem])} ${t(locale, 'dialog.phone.tryAgain')}`;
}

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "cancel" in English always works, plus the words of the user's language. */
export function isCancelWord(text: string | undefined, locale: string): boolean {
  if (!text) return false;
  const said = normalise(text);
  if (!said) return false;
  const words = [t('en', 'dialog.phone.cancelWords'), t(locale, 'dialog.phone.cancelWords')]
    .flatMap((list) => list.split(','))
    .map(normalise)
    .filter(Boolean);
  return words.includes(said);
}

/** Yes / no typed in the user's language (the English recogniser already covers en, de, fr, es). */
export function recogniseYesNo(text: string | undefined, locale: string): boolean | undefined {
  if (!text) return undefined;
  const said = normalise(text);
  if (said === normalise(t(locale, 'dialog.phone.yes')) || said === normalise(t('en', 'dialog.phone.yes'))) {
    return true;
  }
  if (said === normalise(t(locale, 'dialog.phone.no')) || said === normalise(t('en', 'dialog.phone.no'))) {
    return false;
  }
  return undefined;
}
