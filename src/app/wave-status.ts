import type { Attachment } from 'botbuilder';
import { composeDigestCard } from '../cards/admin-cards';
import { formatDate } from '../cards/format';
import { translate } from '../cards/locales';
import { composeMessageCard } from '../cards/message-cards';
import type { WaveUserRecord } from '../rollout/user-state';
import { isWaveId } from '../rollout/wave';
import { mayAwaitApproval } from '../rollout/wave-digest';
import { readAdminDigest } from './admin-digest';
import type { RolloutDeps } from './deps';
import { digestEnforcement } from './digest-enforcement';

/** `wave status [id]`: the digest of that wave (the newest when no id), or why there is none. */
export async function waveStatusCard(
  deps: RolloutDeps,
  waveId: string | undefined,
  locale: string | undefined,
): Promise<Attachment> {
  const wave = waveId
    ? isWaveId(waveId)
      ? await deps.repo.getWave(waveId)
      : undefined
    : (await deps.repo.listWaves(1))[0];
  if (!wave) return composeMessageCard(waveId ? 'noWaveWithId' : 'noWaves', { config: deps.config, locale });
  const digest = await readAdminDigest(deps, wave.id);
  // The same buttons as the posted digest: a fresh Enforce / Undo when the posted one's has expired.
  const enforcement = await digestEnforcement(deps, wave.id);
  return composeDigestCard({ wave, digest, config: deps.config, locale, enforcement });
}

/** `waves`: the recent waves, newest first. */
export async function waveListCard(deps: RolloutDeps, locale: string | undefined): Promise<Attachment> {
  const waves = await deps.repo.listWaves(10);
  const lines = waves.map((w) => `${w.name} (${w.id}): ${w.total} users, ${w.status}`);
  return composeMessageCard(waves.length ? 'waveList' : 'noWaves', {
    config: deps.config,
    locale,
    params: { list: lines.join('\n') },
  });
}

/** `my status`: where the user stands in the one active wave they are in, in their language. */
export async function myStatusCard(
  deps: RolloutDeps,
  userId: string | undefined,
  locale: string | undefined,
): Promise<Attachment> {
  const lines: string[] = [];
  if (userId) {
    await deps.activeWaves.indexOlderWaves();
    const waveId = await deps.activeWaves.waveOf(userId);
    const wave = waveId ? await deps.repo.getWave(waveId) : undefined;
    const record = wave ? await deps.repo.getUser(wave.id, userId) : undefined;
    if (wave && record) {
      lines.push(
        translate(locale, 'message.myStatus.line', {
          wave: wave.name,
          state: await stateInWords(deps, record, locale),
          date: formatDate(locale, wave.deadline.slice(0, 10)),
        }),
      );
    }
  }
  if (!lines.length) return composeMessageCard('myStatusNone', { config: deps.config, locale });
  return composeMessageCard('myStatus', { config: deps.config, locale, params: { list: lines.join('\n') } });
}

/** The user's state as they read it: a number they gave that waits for the helpdesk says so. */
async function stateInWords(
  deps: RolloutDeps,
  record: WaveUserRecord,
  locale: string | undefined,
): Promise<string> {
  if (
    mayAwaitApproval(record.status) &&
    (await deps.phoneCorrections.awaitsApproval(record.waveId, record.userId))
  )
    return translate(locale, 'pendingApproval.state');
  return translate(locale, `state.${record.status === 'no-phone' ? 'noPhone' : record.status}`);
}
