import { composeEnforcePlanCard } from '../cards/enforce-cards';
import { type LocaleKey, t } from '../cards/locales';
import { type EnforceTokenPurpose, signEnforceToken, verifyEnforceToken } from '../rollout/action-token';
import { assertNever } from '../rollout/assert-never';
import type { EnforcementPlan, PlanActor } from '../rollout/enforcement-plan';
import { askToUndoWave, undoWaveFromCard } from './answer-enforce-undo';
import type { CardActionContext, CardActionResult } from './card-action-types';
import { auditClick, refuseClick, refuseWithNotice } from './card-refusal';
import { approveEnforcement, confirmEnforcement, type EnforcementStartResult } from './confirm-enforcement';
import type { RolloutDeps } from './deps';
import { type EnforceClick, refuseEnforceClick as refused } from './enforce-click';
import { postEnforcementApproval } from './post-enforcement-approval';
import { previewEnforcement } from './preview-enforcement';

/** The enforcement verbs of the digest and of the enforcement cards. */
export type EnforceVerb = 'enforce' | 'undo-ask' | 'confirm' | 'approve' | 'undo';

/** The one token purpose each enforcement verb takes. */
const PURPOSE_OF: Readonly<Record<EnforceVerb, EnforceTokenPurpose>> = {
  enforce: 'enforce-wave',
  'undo-ask': 'enforce-wave',
  confirm: 'enforce-preview',
  approve: 'enforce-approval',
  undo: 'enforce-undo',
};

/** Where a fresh button is when one has expired. */
const EXPIRED_NOTICE: Readonly<Record<EnforceVerb, LocaleKey>> = {
  enforce: 'enforce.card.notice.digestExpired',
  'undo-ask': 'enforce.card.notice.digestExpired',
  confirm: 'enforce.card.notice.expired',
  approve: 'enforce.card.notice.expired',
  undo: 'enforce.card.notice.undoExpired',
};

/**
 * Every enforcement click is checked before it changes anything: the token must be ours, unexpired
 * and made for this verb (it names the wave or the plan), and the clicker a rollout admin. All
 * enforcement cards sit with the admins (often in a channel): a refusal leaves the card as it is
 * and only the clicker reads why.
 */
export async function answerEnforceCard(
  deps: RolloutDeps,
  verb: EnforceVerb,
  token: string,
  clickerId: string | undefined,
  locale: string | undefined,
  context: CardActionContext | undefined,
): Promise<CardActionResult> {
  const check = verifyEnforceToken(token, deps.config.ACTION_TOKEN_SECRET, deps.now(), PURPOSE_OF[verb]);
  if (!check.ok) {
    // An expired button says where a fresh one is; a forged or mangled one is refused as any other.
    if (check.reason === 'expired') {
      return refuseWithNotice(deps, 'expired', clickerId, t(locale, EXPIRED_NOTICE[verb]));
    }
    return refuseClick(deps, check.reason, clickerId, undefined, locale, true);
  }
  if (!context) return refuseClick(deps, 'invalid-data', clickerId, undefined, locale, true);
  if (!clickerId || !(await context.isAdmin(clickerId))) {
    return refuseWithNotice(deps, 'not-admin', clickerId, t(locale, 'enforce.card.notice.adminOnly'));
  }
  const clicked: EnforceClick = {
    deps,
    subject: check.claims.subject,
    admin: { id: clickerId, name: context.clickerName || clickerId },
    locale,
    isAdmin: async (userId) => context.isAdmin(userId),
  };
  switch (verb) {
    case 'enforce':
      return preview(clicked);
    case 'confirm':
      return start(clicked, 'confirm');
    case 'approve':
      return start(clicked, 'approve');
    case 'undo-ask':
      return askToUndoWave(clicked);
    case 'undo':
      return undoWaveFromCard(clicked);
    default:
      return assertNever(verb, 'enforce verb');
  }
}

/** Enforce on the digest: a fresh plan, shown as a preview card below the digest (which stays). */
async function preview(clicked: EnforceClick): Promise<CardActionResult> {
  const { deps, subject: waveId, admin, locale } = clicked;
  const result = await previewEnforcement(deps, waveId, admin);
  if (!result.ok) {
    switch (result.reason) {
      case 'unknown-wave':
        return refused(clicked, 'unknown-wave', 'enforce.card.notice.unknownWave', waveId);
      case 'nothing-ready':
        return refused(clicked, 'nothing-ready', 'enforce.card.notice.nothingReady', waveId);
      case 'mode-misconfigured':
        return refused(clicked, 'mode-misconfigured', 'enforce.card.notice.misconfigured', waveId);
      default:
        return assertNever(result.reason, 'preview refusal');
    }
  }
  const { plan } = result;
  const wave = await deps.repo.getWave(waveId);
  const token = signEnforceToken(
    { subject: plan.id, exp: Math.floor(Date.parse(plan.expiresAt) / 1000) },
    deps.config.ACTION_TOKEN_SECRET,
    'enforce-preview',
  );
  const card = composeEnforcePlanCard({
    kind: 'preview',
    plan,
    waveName: wave?.name ?? waveId,
    threshold: deps.config.ENFORCE_APPROVAL_THRESHOLD,
    token,
    locale,
  });
  return {
    ok: true,
    notice: t(locale, 'enforce.card.notice.previewSent'),
    send: card,
    // A second admin's Approve updates this preview too, so its requester sees it started.
    onSent: (place) => deps.lastEnforcement.rememberPreviewCard(plan.id, { ...place, locale }),
  };
}

/**
 * Confirm on the preview, or Approve on the second admin's card. Started (or waiting for the second
 * admin): the card is replaced for everybody who sees it, saying so; otherwise only the clicker
 * reads why not, and an expired plan's card says it expired.
 */
async function start(clicked: EnforceClick, how: 'confirm' | 'approve'): Promise<CardActionResult> {
  const { deps, subject: planId, admin, locale, isAdmin } = clicked;
  // A Confirm that finds the plan already waiting (a second copy of the card) posts no second approval card.
  const waitingBefore = (await deps.enforcement.get(planId))?.status === 'awaiting-approval';
  const result: EnforcementStartResult =
    how === 'confirm'
      ? await confirmEnforcement(deps, planId, admin, { isAdmin })
      : await approveEnforcement(deps, planId, admin, { isAdmin });
  const plan = await deps.enforcement.get(planId);
  const kind = how === 'confirm' ? 'preview' : 'approval';
  const cardOf = async (outcome: Parameters<typeof composeEnforcePlanCard>[0]['outcome']) => {
    if (!plan) return undefined;
    const wave = await deps.repo.getWave(plan.waveId);
    return composeEnforcePlanCard({
      kind,
      plan,
      waveName: wave?.name ?? plan.waveId,
      threshold: deps.config.ENFORCE_APPROVAL_THRESHOLD,
      outcome,
      locale,
    });
  };
  switch (result.status) {
    case 'started': {
      if (how === 'approve' && plan) await updatePreview(deps, plan, admin);
      const card = await cardOf({ kind: 'started', by: admin.name });
      if (!card) return refused(clicked, 'not-found', 'enforce.card.notice.notFound');
      return { ok: true, card, shared: true };
    }
    case 'awaiting-second-admin': {
      if (!plan) return refused(clicked, 'not-found', 'enforce.card.notice.notFound');
      if (how === 'approve') {
        return refused(clicked, 'already-started', 'enforce.card.notice.awaitingApproval', plan.waveId);
      }
      if (!waitingBefore) await postEnforcementApproval(deps, plan);
      const card = await cardOf({ kind: 'awaiting-approval' });
      return card
        ? { ok: true, card, shared: true }
        : refused(clicked, 'not-found', 'enforce.card.notice.notFound');
    }
    case 'refused':
      switch (result.reason) {
        case 'expired': {
          await auditClick(deps, admin.id, 'card-action-refused', { waveId: plan?.waveId }, 'expired');
          const card = await cardOf({ kind: 'expired' });
          return card
            ? { ok: true, card, shared: true }
            : refused(clicked, 'expired', 'enforce.card.notice.expired');
        }
        case 'not-admin':
          return refused(clicked, 'not-admin', 'enforce.card.notice.adminOnly', plan?.waveId);
        case 'same-admin':
          return refused(clicked, 'same-admin', 'enforce.card.notice.sameAdmin', plan?.waveId);
        case 'not-found':
          return refused(clicked, 'not-found', 'enforce.card.notice.notFound', plan?.waveId);
        case 'already-started':
          return refused(clicked, 'already-started', 'enforce.card.notice.alreadyStarted', plan?.waveId);
        default:
          return assertNever(result.reason, 'start refusal');
      }
    default:
      return assertNever(result, 'start result');
  }
}

/** The requester's preview, which said "waiting for a second admin", now says who approved it. */
async function updatePreview(deps: RolloutDeps, plan: EnforcementPlan, approver: PlanActor): Promise<void> {
  const place = await deps.lastEnforcement.previewCard(plan.id);
  if (!place) return;
  const wave = await deps.repo.getWave(plan.waveId);
  const card = composeEnforcePlanCard({
    kind: 'preview',
    plan,
    waveName: wave?.name ?? plan.waveId,
    threshold: deps.config.ENFORCE_APPROVAL_THRESHOLD,
    outcome: { kind: 'approved', by: approver.name },
    locale: place.locale,
  });
  try {
    await deps.outbox.update(place.reference, place.activityId, { type: 'message', attachments: [card] });
  } catch (error) {
    // The approval stands; only the requester's copy stays as it was.
    deps.logger.info({ planId: plan.id, err: (error as Error).message }, 'preview card not updated');
  }
}
