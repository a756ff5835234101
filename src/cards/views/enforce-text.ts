import type { EnforcementModeName } from '../card-data';
import { MissingLocaleKeyError, type TextParams, t, translate } from '../locales';

/**
 * Why a gate held users back, in the reader's words (`enforce.gate.<gate>`, written with the gates).
 * A gate without its text yet reads as its code rather than breaking the card.
 */
export function gateText(locale: string, gate: string, params: TextParams = {}): string {
  try {
    return translate(locale, `enforce.gate.${gate}`, params);
  } catch (error) {
    if (!(error instanceof MissingLocaleKeyError)) throw error;
    return t(locale, 'enforce.card.gate.unknown', { gate });
  }
}

/** How the tenant enforces, as one line ("Adds the users to the Conditional Access group"). */
export function modeText(locale: string, mode: EnforcementModeName): string {
  switch (mode) {
    case 'ca-group':
      return t(locale, 'enforce.card.mode.caGroup');
    case 'per-user':
      return t(locale, 'enforce.card.mode.perUser');
    case 'report-only':
      return t(locale, 'enforce.card.mode.reportOnly');
  }
}
