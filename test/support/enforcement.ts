import { newWaveUser } from '../../src/rollout/user-state';
import type { Wave } from '../../src/rollout/wave';
import type { Stack } from './stack';

export interface SeedWave {
  groupId: string;
  /** Confirmed their number: ready on the phone alone. */
  phoneReady?: readonly string[];
  /** Registered Authenticator or a passkey: ready with a strong method. */
  strongReady?: readonly string[];
  /** Got a card without a number and did nothing yet: `no-phone`. */
  noPhone?: readonly string[];
}

/**
 * A wave of the sample tenant with users already where a test needs them, walked there through the
 * real state machine (card sent, number confirmed, marked ready), as the bot itself would.
 */
export async function seedWave(
  stack: { runtime: Pick<Stack['runtime'], 'deps'>; graph: Pick<Stack['graph'], 'state'> },
  waveId: string,
  seed: SeedWave,
): Promise<Wave> {
  const { repo } = stack.runtime.deps;
  const now = new Date();
  const wave: Wave = {
    id: waveId,
    name: waveId,
    source: { kind: 'group', groupId: seed.groupId },
    status: 'active',
    createdBy: { id: 'test', name: 'test' },
    createdAt: now.toISOString(),
    deadline: new Date(now.getTime() + 14 * 86_400_000).toISOString(),
    total: 0,
  };
  await repo.saveWave(wave);
  const all = [...(seed.phoneReady ?? []), ...(seed.strongReady ?? []), ...(seed.noPhone ?? [])];
  const records = all.map((id) => {
    const user = stack.graph.state.findUser(id);
    if (!user) throw new Error(`no sample user ${id}`);
    const record = newWaveUser(waveId, user, now);
    if (!seed.noPhone?.includes(id)) record.phoneMasked = '+45 •• •• •5 67';
    return record;
  });
  for (let start = 0; start < records.length; start += 5000)
    await repo.addUsers(waveId, records.slice(start, start + 5000));
  const phoneReady = new Set(seed.phoneReady ?? []);
  const strongReady = new Set(seed.strongReady ?? []);
  const walk = async (id: string) => {
    await repo.apply(
      waveId,
      id,
      { type: 'card-sent', activityId: `a-${id}`, conversationId: `c-${id}`, cardId: `k-${id}` },
      'test',
    );
    if (phoneReady.has(id)) {
      await repo.apply(waveId, id, { type: 'phone-confirmed' }, 'test');
      await repo.apply(waveId, id, { type: 'marked-ready', strongMethod: false }, 'test');
    }
    if (strongReady.has(id)) await repo.apply(waveId, id, { type: 'strong-method-registered' }, 'test');
  };
  // A few hundred users at a time: large waves (crash tests) seed in seconds.
  for (let start = 0; start < all.length; start += 200)
    await Promise.all(all.slice(start, start + 200).map(walk));
  return wave;
}
