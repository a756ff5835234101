import { helpdeskName } from '../cards/helpdesk';
import { translate } from '../cards/locales';
import { composeMessageCard } from '../cards/message-cards';
import type { ActionClaims } from '../rollout/action-token';
import type { CardActionResult, RefusalReason } from './card-action-types';
import type { RolloutDeps } from './deps';

/** One audit line about a click. */
export async function auditClick(
  deps: RolloutDeps,
  actor: string | undefined,
  action: string,
  claims: Partial<Pick<ActionClaims, 'waveId' | 'userId'>>,
  detail?: string,
): Promise<void> {
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: actor ?? 'unknown',
    action,
    waveId: claims.waveId,
    userId: claims.userId,
    detail,
  });
}

/**
 * A refused click: logged, audited, and answered with a card saying why (or, on a shared card,
 * a notice only the clicker reads, so the card stays as it is for everybody else).
 */
export async function refuseClick(
  deps: RolloutDeps,
  reason: RefusalReason,
  clickerId: string | undefined,
  target: { waveId: string; userId: string } | undefined,
  locale: string | undefined,
  shared = false,
): Promise<CardActionResult> {
  deps.logger.warn({ reason, clickerId, ...target }, 'card action refused');
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: clickerId ?? 'unknown',
    action: 'card-action-refused',
    waveId: target?.waveId,
    userId: target?.userId,
    detail: reason,
  });
  const key =
    reason === 'wrong-user'
      ? 'refusedWrongUser'
      : reason === 'expired' || reason === 'stale-card'
        ? 'refusedExpired'
        : 'refusedInvalid';
  if (shared) {
    const helpdesk = helpdeskName(locale, deps.config.HELPDESK_CONTACT);
    return { ok: false, reason, notice: translate(locale, `message.${key}.body`, { helpdesk }) };
  }
  return { ok: false, reason, card: composeMessageCard(key, { config: deps.config, locale }) };
}

/** A refused click on a shared card with its own wording: audited; only the clicker reads why. */
export async function refuseWithNotice(
  deps: RolloutDeps,
  reason: RefusalReason,
  clickerId: string | undefined,
  notice: string,
  target?: Pick<ActionClaims, 'waveId' | 'userId'>,
): Promise<CardActionResult> {
  deps.logger.warn({ reason, clickerId, ...target }, 'card action refused');
  await auditClick(deps, clickerId, 'card-action-refused', target ?? {}, reason);
  return { ok: false, reason, notice };
}
