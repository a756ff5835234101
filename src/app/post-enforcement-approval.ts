import { composeEnforcePlanCard } from '../cards/enforce-cards';
import { signEnforceToken } from '../rollout/action-token';
import type { EnforcementPlan } from '../rollout/enforcement-plan';
import { whereAdminPostsGo } from './admin-posts';
import type { RolloutDeps } from './deps';
import { adminCardLocale } from './wave-locale';

/**
 * Four eyes: a plan over the threshold, confirmed by its requester, goes to the admin channel (the
 * place approvals go) as a card with Approve for another admin. Its token names this plan only and
 * expires with it.
 */
export async function postEnforcementApproval(deps: RolloutDeps, plan: EnforcementPlan): Promise<void> {
  const wave = await deps.repo.getWave(plan.waveId);
  const place = await whereAdminPostsGo(deps, { purpose: 'approval', wave });
  if (!wave || !place) {
    deps.logger.warn({ waveId: plan.waveId, planId: plan.id }, 'no admin conversation for the approval card');
    return;
  }
  if (place.kind !== 'admin-channel') {
    // Without ADMIN_CHANNEL_ID the card may land where only the requester reads it (their own chat).
    deps.logger.warn(
      { waveId: plan.waveId, planId: plan.id, place: place.kind },
      'enforcement approval card posted outside an admin channel: set ADMIN_CHANNEL_ID so a second admin sees it',
    );
  }
  const token = signEnforceToken(
    { subject: plan.id, exp: Math.floor(Date.parse(plan.expiresAt) / 1000) },
    deps.config.ACTION_TOKEN_SECRET,
    'enforce-approval',
  );
  const card = composeEnforcePlanCard({
    kind: 'approval',
    plan,
    waveName: wave.name,
    threshold: deps.config.ENFORCE_APPROVAL_THRESHOLD,
    token,
    locale: adminCardLocale(deps.config, wave),
  });
  await deps.outbox.send(place.reference, { type: 'message', attachments: [card] });
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: plan.requestedBy.id,
    action: 'enforcement-approval-asked',
    waveId: plan.waveId,
    detail: plan.id,
  });
}
