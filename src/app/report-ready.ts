import type { DigestEnforcement } from '../cards/admin-cards';
import { composeDigestCard } from '../cards/admin-cards';
import { signEnforceToken } from '../rollout/action-token';
import { smsVoiceRetired } from '../rollout/enforcement-gates';
import { readWaveDigest } from '../store/wave-digest-reader';
import { isMessageGone } from '../teams/connector-error';
import { whereAdminPostsGo } from './admin-posts';
import type { RolloutDeps } from './deps';
import { adminCardLocale } from './wave-locale';

/** A confirmed user becomes ready; the digest is refreshed so the admins see it. */
export async function markReady(deps: RolloutDeps, waveId: string, userId: string): Promise<string> {
  const record = await deps.repo.getUser(waveId, userId);
  if (!record) return 'gone';
  const applied = await deps.repo.apply(
    waveId,
    userId,
    { type: 'marked-ready', strongMethod: record.strongMethod },
    'bot',
  );
  if (applied.result.ok || applied.result.code === 'settled') await deps.jobs.refreshDigest(waveId);
  return applied.result.ok ? 'ready' : applied.result.code;
}

/**
 * The digest's Enforce and Undo buttons name this wave. Every refresh signs a new token, so a digest
 * in use stays clickable; one left untouched for two weeks is refused as expired.
 */
const DIGEST_TOKEN_SECONDS = 14 * 24 * 3600;

function digestEnforceToken(deps: RolloutDeps, waveId: string): string {
  return signEnforceToken(
    { subject: waveId, exp: Math.floor(deps.now().getTime() / 1000) + DIGEST_TOKEN_SECONDS },
    deps.config.ACTION_TOKEN_SECRET,
    'enforce-wave',
  );
}

/**
 * The digest's enforcement part: its buttons, the gates the last started plan held users back by,
 * and whether phone-only users still count as ready (not after the SMS/voice retirement).
 */
async function digestEnforcement(deps: RolloutDeps, waveId: string): Promise<DigestEnforcement> {
  const planId = await deps.lastEnforcement.planId(waveId);
  const plan = planId ? await deps.enforcement.get(planId) : undefined;
  const heldBack = new Map<string, number>();
  for (const user of plan?.held ?? []) heldBack.set(user.gate, (heldBack.get(user.gate) ?? 0) + 1);
  const policy = {
    retirementDate: deps.config.SMS_VOICE_RETIREMENT_DATE,
    telecomProviderDeclared: deps.config.TELECOM_PROVIDER_DECLARED,
  };
  return {
    token: digestEnforceToken(deps, waveId),
    heldBack: [...heldBack].map(([gate, total]) => ({ gate, total })),
    phoneOnlyNeedsStrongMethod: smsVoiceRetired(policy, deps.now()),
    retirementDate: deps.config.SMS_VOICE_RETIREMENT_DATE,
  };
}

/** Posts the wave's digest card to the admin conversation once, then keeps updating that one message. */
export async function postDigest(deps: RolloutDeps, waveId: string): Promise<void> {
  const wave = await deps.repo.getWave(waveId);
  const place = wave && (await whereAdminPostsGo(deps, { purpose: 'wave', wave }));
  if (!wave || !place) {
    deps.logger.info({ waveId }, 'no admin conversation for this wave; digest not posted');
    return;
  }
  const digest = await readWaveDigest(deps, waveId);
  const card = composeDigestCard({
    wave,
    digest,
    config: deps.config,
    locale: adminCardLocale(deps.config, wave),
    enforcement: await digestEnforcement(deps, waveId),
  });
  const { reference } = place;
  const activity = { type: 'message', attachments: [card] };
  const existing = await deps.repo.digestActivity(waveId);
  if (existing) {
    try {
      await deps.outbox.update(reference, existing, activity);
      return;
    } catch (error) {
      const err = (error as Error).message;
      if (isMessageGone(error))
        deps.logger.info(
          { waveId, err },
          'the digest message is gone (404); posting a new digest in its place',
        );
      else deps.logger.warn({ waveId, err }, 'digest update failed; posting a new one');
    }
  }
  const activityId = await deps.outbox.send(reference, activity);
  await deps.repo.saveDigestActivity(waveId, activityId);
}
