import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { newWaveUser } from '../../../src/rollout/user-state';
import type { Wave } from '../../../src/rollout/wave';
import { ConversationLock } from '../../../src/store/conversation-lock';
import { ConversationReferenceStore } from '../../../src/store/conversation-references';
import { FirstCardClaims } from '../../../src/store/first-card-claim';
import { rolloutKeys } from '../../../src/store/keys';
import { RolloutRepository } from '../../../src/store/rollout-repository';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

const now = new Date('2026-11-23T10:00:00Z');
const wave: Wave = {
  id: 'w1',
  name: 'Pilot',
  source: { kind: 'group', groupId: 'g' },
  status: 'active',
  createdBy: { id: 'admin', name: 'Admin' },
  createdAt: now.toISOString(),
  deadline: now.toISOString(),
  total: 2,
};
const user = (id: string) => ({
  ...newWaveUser('w1', { id, userPrincipalName: `${id}@x`, displayName: `User ${id}` }, now),
  phoneMasked: '+45 •• •• •5 67',
});

/** The sent-card path's two Redis steps: claim (lease + reads) and settle (state + attempt + lease). */
describe('first card: claim and settle on real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let repo: RolloutRepository;
  let claims: FirstCardClaims;
  let locks: ConversationLock;

  before(async () => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('claim');
    const keys = rolloutKeys(prefix);
    repo = new RolloutRepository(redis, keys);
    claims = new FirstCardClaims(redis, keys);
    locks = new ConversationLock(redis, keys);
    await repo.saveWave(wave);
    await repo.addUsers('w1', [user('a'), user('b'), user('c')]);
    await new ConversationReferenceStore(redis, keys).saveForUser('a', {
      serviceUrl: 'https://smba.example/',
      conversation: { id: 'a:1chat', conversationType: 'personal', isGroup: false, name: '' },
    });
  });
  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('takes a free lease and returns the record, the wave and the stored chat', async () => {
    const inputs = await claims.claim({ waveId: 'w1', userId: 'a', owner: 'job-1#0', ttlMs: 10_000 });
    assert.equal(inputs?.record?.userId, 'a');
    assert.equal(inputs?.record?.status, 'targeted');
    assert.equal(inputs?.wave?.name, 'Pilot');
    assert.equal(inputs?.stored?.conversation?.id, 'a:1chat');
    assert.equal(await locks.holder('a'), 'job-1#0');
  });

  it('reads nothing and takes nothing while another job holds the lease', async () => {
    assert.equal(
      await claims.claim({ waveId: 'w1', userId: 'a', owner: 'job-2#0', ttlMs: 10_000 }),
      undefined,
    );
    assert.equal(await locks.holder('a'), 'job-1#0');
  });

  it('says so when the user never talked to the bot, or is not in the wave', async () => {
    const fresh = await claims.claim({ waveId: 'w1', userId: 'b', owner: 'job-3#0', ttlMs: 10_000 });
    assert.equal(fresh?.stored, null);
    const stranger = await claims.claim({ waveId: 'w1', userId: 'nobody', owner: 'job-4#0', ttlMs: 10_000 });
    assert.equal(stranger?.record, undefined);
  });

  it('settles a sent card in one write: the state, the attempt, and the lease given back', async () => {
    const inputs = await claims.claim({ waveId: 'w1', userId: 'c', owner: 'job-5#0', ttlMs: 10_000 });
    const attempt = { at: now.toISOString(), status: 201, outcome: 'sent' as const };
    const applied = await repo.apply(
      'w1',
      'c',
      { type: 'card-sent', activityId: 'm1', conversationId: 'a:1c', cardId: 'k1' },
      'bot',
      { known: inputs?.record, withAttempt: attempt, releasingLease: 'job-5#0' },
    );
    assert.equal(applied.result.ok, true);
    assert.equal((await repo.getUser('w1', 'c'))?.status, 'notified');
    assert.deepEqual(await repo.attempts('w1', 'c'), [attempt]);
    assert.equal(await locks.holder('c'), undefined);
  });

  it('leaves the lease and the attempt log alone when the transition is refused, or the lease is not ours', async () => {
    // 'c' is notified now: a second card-sent is refused, nothing is written.
    await locks.acquire('c', 'job-6#0', 10_000);
    const refused = await repo.apply(
      'w1',
      'c',
      { type: 'card-sent', activityId: 'm2', conversationId: 'a:1c', cardId: 'k2' },
      'bot',
      { withAttempt: { at: now.toISOString(), status: 201, outcome: 'sent' }, releasingLease: 'job-6#0' },
    );
    assert.equal(refused.result.ok, false);
    assert.equal((await repo.attempts('w1', 'c')).length, 1);
    assert.equal(await locks.holder('c'), 'job-6#0');
    // Somebody else's lease survives a settle that names another owner.
    await repo.apply('w1', 'c', { type: 'phone-confirmed' }, 'c', { releasingLease: 'job-5#0' });
    assert.equal((await repo.getUser('w1', 'c'))?.status, 'confirmed');
    assert.equal(await locks.holder('c'), 'job-6#0');
  });
});
