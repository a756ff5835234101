import type { Config } from '../config';
import type { Wave } from '../rollout/wave';

/**
 * The language (and date format) of a wave's admin cards: the admin's who started it in chat, else
 * the deployment's (WAVE_DEFAULT_LOCALE), so a wave started from the CLI reads the same on every card.
 */
export function adminCardLocale(
  config: Pick<Config, 'WAVE_DEFAULT_LOCALE'>,
  wave: Pick<Wave, 'locale'>,
): string {
  return wave.locale ?? config.WAVE_DEFAULT_LOCALE;
}
