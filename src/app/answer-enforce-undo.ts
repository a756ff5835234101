import { composeEnforceUndoCard } from '../cards/enforce-cards';
import { t } from '../cards/locales';
import { signEnforceToken } from '../rollout/action-token';
import type { CardActionResult } from './card-action-types';
import { type EnforceClick, refuseEnforceClick as refused } from './enforce-click';
import { undoEnforcement } from './undo-enforcement';

/** An undo confirmation is answered within the hour or asked again. */
const UNDO_CONFIRM_SECONDS = 60 * 60;

/** Undo on the digest: asks first, with a card below the digest saying what Undo would do. */
export async function askToUndoWave(clicked: EnforceClick): Promise<CardActionResult> {
  const { deps, subject: waveId, locale } = clicked;
  const wave = await deps.repo.getWave(waveId);
  if (!wave) return refused(clicked, 'unknown-wave', 'enforce.card.notice.unknownWave', waveId);
  const enforced = (await deps.repo.countByStatus(waveId)).enforced ?? 0;
  if (enforced === 0) return refused(clicked, 'nothing-to-undo', 'enforce.card.notice.nothingToUndo', waveId);
  const token = signEnforceToken(
    { subject: waveId, exp: Math.floor(deps.now().getTime() / 1000) + UNDO_CONFIRM_SECONDS },
    deps.config.ACTION_TOKEN_SECRET,
    'enforce-undo',
  );
  const card = composeEnforceUndoCard({
    waveName: wave.name,
    mode: deps.config.ENFORCEMENT_MODE,
    enforced,
    token,
    locale,
  });
  return { ok: true, notice: t(locale, 'enforce.card.notice.undoSent'), send: card };
}

/** Undo on the confirmation: every enforced user of the wave put back as recorded before. */
export async function undoWaveFromCard(clicked: EnforceClick): Promise<CardActionResult> {
  const { deps, subject: waveId, admin, locale } = clicked;
  const wave = await deps.repo.getWave(waveId);
  if (!wave) return refused(clicked, 'unknown-wave', 'enforce.card.notice.unknownWave', waveId);
  const enforced = (await deps.repo.countByStatus(waveId)).enforced ?? 0;
  const result = await undoEnforcement(deps, waveId, admin);
  if (!result.ok || enforced === 0) {
    return refused(clicked, 'nothing-to-undo', 'enforce.card.notice.nothingToUndo', waveId);
  }
  await deps.jobs.refreshDigest(waveId);
  const card = composeEnforceUndoCard({
    waveName: wave.name,
    mode: deps.config.ENFORCEMENT_MODE,
    enforced,
    outcome: { by: admin.name, ...result.counts },
    locale,
  });
  return { ok: true, card, shared: true };
}
