import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { newWaveUser } from '../../../src/rollout/user-state';
import type { Wave } from '../../../src/rollout/wave';
import { ActiveWaveIndex } from '../../../src/store/active-wave-index';
import { AuditLog } from '../../../src/store/audit-log';
import { rolloutKeys } from '../../../src/store/keys';
import { RedisBotStorage, StaleStateError } from '../../../src/store/redis-bot-storage';
import { RolloutRepository, UnknownWaveUserError } from '../../../src/store/rollout-repository';
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
  total: 0,
};

function users(count: number, phone = true) {
  return Array.from({ length: count }, (_, i) => ({
    ...newWaveUser('w1', { id: `u${i}`, userPrincipalName: `u${i}@x`, displayName: `User ${i}` }, now),
    phoneMasked: phone ? '+45 •• •• •5 67' : undefined,
  }));
}

describe('RolloutRepository on real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let repo: RolloutRepository;
  let audit: AuditLog;

  before(async () => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('repo');
    const keys = rolloutKeys(prefix);
    repo = new RolloutRepository(redis, keys);
    audit = new AuditLog(redis, keys);
    await repo.saveWave(wave);
  });

  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('adds each user once, keeping the state of users already in the wave', async () => {
    assert.equal((await repo.addUsers('w1', users(5))).added, 5);
    await repo.apply(
      'w1',
      'u0',
      { type: 'card-sent', activityId: 'a', conversationId: 'c', cardId: 'k' },
      'bot',
    );
    const again = await repo.addUsers('w1', users(7));
    assert.equal(again.added, 2);
    assert.equal(again.inWave.length, 7);
    assert.equal((await repo.getUser('w1', 'u0'))?.status, 'notified');
    const counts = await repo.countByStatus('w1');
    assert.equal(counts.targeted, 6);
    assert.equal(counts.notified, 1);
  });

  it('puts a user in one active wave only: another wave leaves them out and remembers that', async () => {
    const other = (ids: string[]) =>
      ids.map((id) => newWaveUser('w-other', { id, userPrincipalName: `${id}@x`, displayName: id }, now));
    const result = await repo.addUsers('w-other', other(['u1', 'u2', 'fresh']));
    assert.deepEqual(result, { added: 1, inWave: ['fresh'], leftOut: ['u1', 'u2'] });
    assert.equal(await repo.getUser('w-other', 'u1'), undefined);
    assert.equal(await repo.countLeftOut('w-other'), 2);
    const index = new ActiveWaveIndex(redis, rolloutKeys(prefix));
    assert.deepEqual(await index.wavesOf(['U1', 'fresh', 'nobody']), ['w1', 'w-other', undefined]);
    assert.deepEqual(await index.userIdsOf(['U2@X', 'none@x']), ['u2', undefined]);
  });

  it('gives a user to exactly one of two waves adding them at the same moment', async () => {
    const batch = (waveId: string) =>
      Array.from({ length: 300 }, (_, i) =>
        newWaveUser(waveId, { id: `race${i}`, userPrincipalName: `race${i}@x`, displayName: `R${i}` }, now),
      );
    const [a, b] = await Promise.all([
      repo.addUsers('race-a', batch('race-a')),
      repo.addUsers('race-b', batch('race-b')),
    ]);
    assert.equal(a.inWave.length + b.inWave.length, 300);
    assert.deepEqual(new Set([...a.inWave, ...b.inWave]).size, 300);
    const inBoth = a.inWave.filter((id) => b.inWave.includes(id));
    assert.deepEqual(inBoth, []);
  });

  it('indexes the users of a wave stored before the index existed, oldest wave first', async () => {
    // Its own prefix: these waves are not the ones the other tests list.
    const keys = rolloutKeys(`${prefix}-legacy`);
    const older = { ...wave, id: 'legacy-old', createdAt: new Date(now.getTime() - 2000).toISOString() };
    const newer = { ...wave, id: 'legacy-new', createdAt: new Date(now.getTime() - 1000).toISOString() };
    // As the code before the index wrote them: the wave and its users, no claims.
    for (const [legacy, ids] of [
      [older, ['l1', 'l2']],
      [newer, ['l2', 'l3']],
    ] as const) {
      await redis.set(keys.wave(legacy.id), JSON.stringify(legacy));
      await redis.zadd(keys.waves, Date.parse(legacy.createdAt), legacy.id);
      for (const id of ids)
        await redis.hset(
          keys.waveUsers(legacy.id),
          id,
          JSON.stringify(newWaveUser(legacy.id, { id, userPrincipalName: `${id}@x`, displayName: id }, now)),
        );
    }
    const index = new ActiveWaveIndex(redis, keys);
    assert.deepEqual(await index.wavesOf(['l1', 'l2', 'l3']), [undefined, undefined, undefined]);
    await index.indexOlderWaves();
    assert.deepEqual(await index.wavesOf(['l1', 'l2', 'l3']), ['legacy-old', 'legacy-old', 'legacy-new']);
    assert.deepEqual(await index.userIdsOf(['l3@x']), ['l3']);
  });

  it('stores a transition, moves the status index and audits it', async () => {
    const { result, record } = await repo.apply('w1', 'u0', { type: 'phone-confirmed' }, 'u0');
    assert.ok(result.ok);
    assert.equal(record.status, 'confirmed');
    assert.deepEqual(await repo.userIdsWithStatus('w1', 'confirmed'), ['u0']);
    const entries = await audit.read({ waveId: 'w1', userId: 'u0' });
    assert.deepEqual(
      entries.map((e) => `${e.action}:${e.from}->${e.to}:${e.actor}`),
      ['card-sent:targeted->notified:bot', 'phone-confirmed:notified->confirmed:u0'],
    );
  });

  it('applies concurrent events on one user exactly once (compare-and-set)', async () => {
    await repo.apply(
      'w1',
      'u1',
      { type: 'card-sent', activityId: 'a', conversationId: 'c', cardId: 'k' },
      'bot',
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () => repo.apply('w1', 'u1', { type: 'phone-confirmed' }, 'u1')),
    );
    assert.equal(results.filter((r) => r.result.ok).length, 1);
    assert.equal(results.filter((r) => !r.result.ok && r.result.code === 'settled').length, 9);
    const confirms = (await audit.read({ waveId: 'w1', userId: 'u1' })).filter(
      (e) => e.action === 'phone-confirmed',
    );
    assert.equal(confirms.length, 1);
    assert.equal((await repo.getUser('w1', 'u1'))?.version, 2);
  });

  it('refuses events for users who are not in the wave', async () => {
    await assert.rejects(repo.apply('w1', 'nobody', { type: 'phone-confirmed' }, 'x'), UnknownWaveUserError);
  });

  it('keeps the last delivery attempts per user', async () => {
    for (let i = 0; i < 25; i++) {
      await repo.recordAttempt('w1', 'u3', {
        at: now.toISOString(),
        status: i === 24 ? 201 : 429,
        outcome: 'throttled',
      });
    }
    const attempts = await repo.attempts('w1', 'u3');
    assert.equal(attempts.length, 20);
    assert.equal(attempts.at(-1)?.status, 201);
  });

  it('lists waves newest first', async () => {
    await repo.saveWave({ ...wave, id: 'w2', createdAt: new Date(now.getTime() + 1000).toISOString() });
    assert.deepEqual(
      (await repo.listWaves()).map((w) => w.id),
      ['w2', 'w1'],
    );
  });
});

describe('RedisBotStorage', () => {
  let redis: Redis;
  let prefix: string;
  let storage: RedisBotStorage;

  before(() => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('state');
    storage = new RedisBotStorage(redis, rolloutKeys(prefix));
  });

  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('reads back what it wrote, with an eTag', async () => {
    await storage.write({ a: { dialog: 'x' } });
    const items = await storage.read(['a', 'missing']);
    assert.equal(items.a.dialog, 'x');
    assert.equal(typeof items.a.eTag, 'string');
    assert.equal(items.missing, undefined);
  });

  it('refuses a write based on a stale eTag', async () => {
    const first = (await storage.read(['b'])).b ?? {};
    await storage.write({ b: { ...first, n: 1 } });
    const read = (await storage.read(['b'])).b;
    await storage.write({ b: { ...read, n: 2 } });
    await assert.rejects(storage.write({ b: { ...read, n: 3 } }), StaleStateError);
    assert.equal((await storage.read(['b'])).b.n, 2);
  });

  it('deletes', async () => {
    await storage.delete(['a']);
    assert.deepEqual(await storage.read(['a']), {});
  });
});
