import { composeWaveStartAcceptedCard } from '../cards/admin-cards';
import { t } from '../cards/locales';
import { type ActionClaims, verifyWaveStartToken } from '../rollout/action-token';
import type { CardActionContext, CardActionResult } from './card-action-types';
import { auditClick, refuseClick, refuseWithNotice } from './card-refusal';
import { acceptWaveStartOffer } from './chat-wave-start';
import type { RolloutDeps } from './deps';

/**
 * Approve / Reject on the helpdesk card (a shared card: a refusal leaves it as it is). Only a
 * rollout admin may decide, and never on their own number (four eyes).
 */
export async function answerHelpdeskCard(
  deps: RolloutDeps,
  approve: boolean,
  claims: ActionClaims,
  token: string,
  clickerId: string | undefined,
  locale: string | undefined,
  context: CardActionContext | undefined,
): Promise<CardActionResult> {
  const target = { waveId: claims.waveId, userId: claims.userId };
  if (!context?.decisions) return refuseClick(deps, 'invalid-data', clickerId, target, locale, true);
  if (!clickerId || !(await context.isAdmin(clickerId))) {
    return refuseWithNotice(deps, 'not-admin', clickerId, t(locale, 'notice.approvalAdminOnly'), target);
  }
  if (clickerId.toLowerCase() === claims.userId.toLowerCase()) {
    await auditClick(deps, clickerId, 'card-action-refused', claims, 'own-request');
    return { ok: false, reason: 'own-request', notice: t(locale, 'notice.approvalOwnRequest') };
  }
  const admin = { id: clickerId, name: context.clickerName || clickerId };
  const card = approve
    ? await context.decisions.approve(claims, token, admin, locale)
    : await context.decisions.reject(claims, admin, locale);
  // Decided: every admin who sees the card sees the decision, and no longer the new number in full.
  return { ok: true, card, shared: true };
}

/** "Start with the N others" on an overlap warning: an admin's click queues the start once. */
export async function answerOverlapWarning(
  deps: RolloutDeps,
  token: string,
  clickerId: string | undefined,
  locale: string | undefined,
  context: CardActionContext | undefined,
): Promise<CardActionResult> {
  // Its token is of its own kind: it verifies for this verb only, and no other token does.
  const check = verifyWaveStartToken(token, deps.config.ACTION_TOKEN_SECRET, deps.now());
  if (!check.ok) return refuseClick(deps, check.reason, clickerId, undefined, locale, true);
  if (!context) return refuseClick(deps, 'invalid-data', clickerId, undefined, locale, true);
  if (!clickerId || !(await context.isAdmin(clickerId))) {
    return refuseWithNotice(deps, 'not-admin', clickerId, t(locale, 'notice.waveStartAdminOnly'));
  }
  const accepted = await acceptWaveStartOffer(deps, check.claims.requestId, clickerId);
  if (!accepted) {
    return refuseWithNotice(deps, 'offer-gone', clickerId, t(locale, 'notice.waveStartOfferGone'));
  }
  // The job's answer ("Wave … is starting") follows below; this card keeps what was decided, by whom.
  const by = context.clickerName || clickerId;
  return { ok: true, card: composeWaveStartAcceptedCard({ ...accepted, by, locale }) };
}
