import { readPhoneMethodsBatch } from '../graph/phone-batch';
import type { DirectoryUser } from '../rollout/directory';
import { preloadedPhone } from '../rollout/phone-number';
import { newWaveUser, type WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { RolloutDeps } from './deps';

/**
 * One page of directory users into the wave: wave users (masked phones), exclusions, first cards.
 * A user another active wave has is left out here, atomically (see RolloutRepository.addUsers):
 * no record, no card, whatever the check before the start saw.
 */
export async function addWaveUsers(
  deps: RolloutDeps,
  wave: Wave,
  users: readonly DirectoryUser[],
): Promise<void> {
  const excludedIds = new Set(deps.config.EXCLUDED_USER_IDS.map((id) => id.toLowerCase()));
  const phones = await readPhoneMethodsBatch(
    deps.graph,
    users.map((user) => user.id),
  );
  const now = deps.now();
  const records: WaveUserRecord[] = [];
  const exclusions: Array<{ userId: string; reason: string }> = [];
  for (const user of users) {
    const record = newWaveUser(wave.id, user, now);
    record.locale = user.preferredLanguage;
    const methods = phones.get(user.id);
    if (Array.isArray(methods)) {
      const phone = preloadedPhone(methods);
      if (phone.kind === 'present') record.phoneMasked = phone.masked;
      // A number IT stored in a shape Graph would not accept is not shown: the user gives a new one.
      if (phone.kind === 'malformed') record.reason = 'preloaded number is malformed';
    }
    records.push(record);
    if (excludedIds.has(user.id.toLowerCase()))
      exclusions.push({ userId: user.id, reason: 'excluded by configuration' });
    else if (user.accountEnabled === false) exclusions.push({ userId: user.id, reason: 'account disabled' });
  }
  const { inWave } = await deps.repo.addUsers(wave.id, records);
  const placed = new Set(inWave);
  for (const { userId, reason } of exclusions) {
    if (placed.has(userId)) await deps.repo.apply(wave.id, userId, { type: 'excluded', reason }, 'bot');
  }
  const excluded = new Set(exclusions.map((e) => e.userId));
  const toSend = inWave.filter((userId) => !excluded.has(userId));
  if (toSend.length) await deps.jobs.sendFirstCards(wave.id, toSend);
}
