import { assertNever } from '../rollout/assert-never';
import type { EnforcementGate } from '../rollout/enforcement-gates';
import { type LocaleKey, t } from './locales';

/** Why a user is held back from enforcement, in the reader's language (preview card, CLI). */
export function gateTextKey(gate: EnforcementGate): LocaleKey {
  switch (gate) {
    case 'excluded':
      return 'enforce.gate.excluded';
    case 'break-glass':
      return 'enforce.gate.breakGlass';
    case 'account-deleted':
      return 'enforce.gate.accountDeleted';
    case 'account-disabled':
      return 'enforce.gate.accountDisabled';
    case 'left-wave-group':
      return 'enforce.gate.leftWaveGroup';
    case 'no-usable-method':
      return 'enforce.gate.noUsableMethod';
    case 'needs-strong-method':
      return 'enforce.gate.needsStrongMethod';
    case 'unverified':
      return 'enforce.gate.unverified';
    default:
      return assertNever(gate, 'enforcement gate');
  }
}

export function gateText(locale: string | undefined, gate: EnforcementGate): string {
  return t(locale, gateTextKey(gate));
}
