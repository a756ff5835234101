import { assertNever } from '../rollout/assert-never';
import type { EnforcementReadBack, VerifyLoss } from '../rollout/enforcement-verify';
import type { LocaleText } from './card-data';
import type { CardSettings } from './card-settings';
import { DEFAULT_LOCALE } from './locales';
import { type AdaptiveCardAttachment, renderCard } from './render';

/** Users named on one Verify card; the audit log has the rest. */
export const VERIFY_CARD_MAX_USERS = 15;

export interface VerifyFinding {
  displayName: string;
  loss: VerifyLoss;
}

function findingText(finding: VerifyFinding, readBack: EnforcementReadBack['kind']): LocaleText {
  const params = { name: finding.displayName };
  switch (finding.loss) {
    case 'lost-methods':
      return { key: 'verify.lostMethods', params };
    case 'not-enforced':
      return {
        key: readBack === 'per-user' ? 'verify.notEnforced.perUser' : 'verify.notEnforced.group',
        params,
      };
    default:
      return assertNever(finding.loss, 'verify loss');
  }
}

/** The admins' alert: enforced users who lost every method or dropped out of the enforcement. */
export function composeVerifyAlertCard(input: {
  wave: { id: string; name: string };
  findings: readonly VerifyFinding[];
  readBack: EnforcementReadBack['kind'];
  config: CardSettings;
  locale?: string;
}): AdaptiveCardAttachment {
  const { wave, findings } = input;
  const shown = findings
    .slice(0, VERIFY_CARD_MAX_USERS)
    .map((finding) => findingText(finding, input.readBack));
  const more: LocaleText[] =
    findings.length > VERIFY_CARD_MAX_USERS
      ? [{ key: 'verify.more', params: { count: findings.length } }]
      : [];
  return renderCard(
    'message',
    {
      title: { key: 'verify.title', params: { wave: wave.name } },
      body: [
        { key: 'verify.intro' },
        ...shown,
        ...more,
        { key: 'verify.whatToDo', params: { waveId: wave.id } },
      ],
      links: ['commonProblems'],
    },
    input.locale ?? DEFAULT_LOCALE,
  );
}
