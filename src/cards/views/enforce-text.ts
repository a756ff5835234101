import type { EnforcementModeName } from '../card-data';
import { t } from '../locales';

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
