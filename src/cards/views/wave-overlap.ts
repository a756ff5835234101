import { othersThan } from '../../rollout/wave-start';
import type { WaveOverlapCardData } from '../card-data';
import { resolveLocale, t, tp } from '../locales';
import { overlapWarningText } from '../wave-start-text';
import { assertToken } from './shared';

/**
 * What `cards/wave-overlap.json` binds to: who is already in an active wave, and (with a token)
 * the button that starts the wave with the others. Wave names are TextRuns, shown as typed.
 */
export function waveOverlapView(data: WaveOverlapCardData, locale: string) {
  const canStart = data.token !== undefined;
  if (canStart) assertToken('wave-overlap', data.token);
  const text = overlapWarningText(data.overlap, locale);
  const paragraphs = canStart ? [...text.paragraphs, t(locale, 'waveStart.overlap.button')] : text.paragraphs;
  return {
    lang: resolveLocale(locale),
    title: text.title,
    paragraphs: paragraphs.map((paragraph) => ({ text: paragraph })),
    canStart,
    token: data.token ?? '',
    start: tp(locale, 'action.startWithOthers', othersThan(data.overlap)),
  };
}
