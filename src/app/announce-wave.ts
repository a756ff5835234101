import { composeAnnouncementCard } from '../cards/admin-cards';
import type { Wave } from '../rollout/wave';
import { whereAdminPostsGo } from './admin-posts';
import type { RolloutDeps } from './deps';
import { adminCardLocale } from './wave-locale';

/** The wave's announcement, where its admin posts go (the chat it was started from, the admin channel…). */
export async function announceWave(deps: RolloutDeps, wave: Wave, excluded: number): Promise<void> {
  const place = await whereAdminPostsGo(deps, { purpose: 'wave', wave });
  if (!place) {
    deps.logger.info({ waveId: wave.id }, 'no admin conversation; announcement not posted');
    return;
  }
  const card = composeAnnouncementCard({
    wave,
    excluded,
    config: deps.config,
    locale: adminCardLocale(deps.config, wave),
  });
  await deps.outbox.send(place.reference, {
    type: 'message',
    attachments: [card],
  });
}
