import { composeDigestCard } from '../cards/admin-cards';
import { isMessageGone } from '../teams/connector-error';
import { readAdminDigest } from './admin-digest';
import { whereAdminPostsGo } from './admin-posts';
import type { RolloutDeps } from './deps';
import { digestEnforcement } from './digest-enforcement';
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

/** Posts the wave's digest card to the admin conversation once, then keeps updating that one message. */
export async function postDigest(deps: RolloutDeps, waveId: string): Promise<void> {
  const wave = await deps.repo.getWave(waveId);
  const place = wave && (await whereAdminPostsGo(deps, { purpose: 'wave', wave }));
  if (!wave || !place) {
    deps.logger.info({ waveId }, 'no admin conversation for this wave; digest not posted');
    return;
  }
  const digest = await readAdminDigest(deps, waveId);
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
