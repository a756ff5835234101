import type { Attachment } from 'botbuilder';
import { composeAnnouncementCard } from '../cards/admin-cards';
import { composeMessageCard } from '../cards/message-cards';
import type { Wave } from '../rollout/wave';
import { whereAdminPostsGo } from './admin-posts';
import type { RolloutDeps } from './deps';
import { adminCardLocale } from './wave-locale';

/** The wave's announcement, where its admin posts go (the chat it was started from, the admin channel…). */
export async function announceWave(deps: RolloutDeps, wave: Wave, excluded: number): Promise<void> {
  const card = composeAnnouncementCard({
    wave,
    excluded,
    config: deps.config,
    locale: adminCardLocale(deps.config, wave),
  });
  await postForAdmins(deps, wave, card);
}

/** Instead of the announcement: nobody could join the wave, nothing was sent, and why to look. */
export async function tellAdminsTheWaveIsEmpty(deps: RolloutDeps, wave: Wave): Promise<void> {
  const card = composeMessageCard('waveEmpty', {
    config: deps.config,
    locale: adminCardLocale(deps.config, wave),
    params: { wave: wave.name, waveId: wave.id },
  });
  await postForAdmins(deps, wave, card);
}

async function postForAdmins(deps: RolloutDeps, wave: Wave, card: Attachment): Promise<void> {
  const place = await whereAdminPostsGo(deps, { purpose: 'wave', wave });
  if (!place) {
    deps.logger.info({ waveId: wave.id }, 'no admin conversation; the wave was not announced');
    return;
  }
  await deps.outbox.send(place.reference, { type: 'message', attachments: [card] });
}
