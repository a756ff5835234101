import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { RolloutEvent } from '../../../src/rollout/transitions';
import { newWaveUser } from '../../../src/rollout/user-state';
import type { Wave } from '../../../src/rollout/wave';
import { DIGEST_NAMES_PER_LIST } from '../../../src/rollout/wave-digest';
import { rolloutKeys } from '../../../src/store/keys';
import { type PendingCorrection, PhoneCorrectionStore } from '../../../src/store/phone-corrections';
import { RolloutRepository } from '../../../src/store/rollout-repository';
import { readWaveDigest } from '../../../src/store/wave-digest-reader';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

const now = new Date('2026-11-23T10:00:00Z');
const sent: RolloutEvent = { type: 'card-sent', activityId: 'a', conversationId: 'c', cardId: 'k' };

function waveOf(id: string): Wave {
  return {
    id,
    name: id,
    source: { kind: 'group', groupId: 'g' },
    status: 'active',
    createdBy: { id: 'admin', name: 'Admin' },
    createdAt: now.toISOString(),
    deadline: now.toISOString(),
    total: 0,
  };
}

/** Users `<prefix>0..n-1` in the wave, with or without a preloaded number. */
function users(waveId: string, prefix: string, count: number, phone: boolean) {
  return Array.from({ length: count }, (_, i) => ({
    ...newWaveUser(
      waveId,
      { id: `${prefix}${i}`, userPrincipalName: `${prefix}${i}@x`, displayName: `${prefix} ${i}` },
      now,
    ),
    phoneMasked: phone ? '+45 •• •• •5 67' : undefined,
  }));
}

describe('the admin digest read from the status indexes', () => {
  let redis: Redis;
  let prefix: string;
  let repo: RolloutRepository;
  let phoneCorrections: PhoneCorrectionStore;

  before(() => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('digest');
    repo = new RolloutRepository(redis, rolloutKeys(prefix));
    phoneCorrections = new PhoneCorrectionStore(redis, prefix);
  });

  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('files ready users by sign-in method in the same write, and takes them out when they move on', async () => {
    await repo.saveWave(waveOf('w1'));
    await repo.addUsers('w1', [...users('w1', 'p', 2, true), ...users('w1', 's', 1, false)]);
    for (const id of ['p0', 'p1']) {
      await repo.apply('w1', id, sent, 'bot');
      await repo.apply('w1', id, { type: 'phone-confirmed' }, id);
      await repo.apply('w1', id, { type: 'marked-ready', strongMethod: false }, 'bot');
    }
    await repo.apply('w1', 's0', sent, 'bot');
    await repo.apply('w1', 's0', { type: 'strong-method-registered' }, 'bot');
    assert.deepEqual(await repo.countReadyByMethod('w1'), { strong: 1, 'phone-only': 2 });
    assert.deepEqual((await repo.readyUserIds('w1', 'phone-only')).sort(), ['p0', 'p1']);
    assert.deepEqual(await repo.readyUserIds('w1', 'strong'), ['s0']);

    await repo.apply('w1', 'p1', { type: 'enforced', override: false }, 'admin');
    assert.deepEqual(await repo.countReadyByMethod('w1'), { strong: 1, 'phone-only': 1 });
    assert.deepEqual(await repo.readyUserIds('w1', 'phone-only'), ['p0']);
  });

  it('counts every state and names a few users per group, with their records', async () => {
    await repo.saveWave(waveOf('w2'));
    await repo.addUsers('w2', [
      ...users('w2', 'gone', 30, true),
      ...users('w2', 'nophone', 3, false),
      ...users('w2', 'ok', 5, true),
    ]);
    for (let i = 0; i < 30; i++) {
      await repo.apply('w2', `gone${i}`, { type: 'delivery-failed', reason: 'blocked' }, 'bot');
    }
    for (let i = 0; i < 3; i++) await repo.apply('w2', `nophone${i}`, sent, 'bot');
    await repo.apply('w2', 'ok0', sent, 'bot');
    await repo.apply('w2', 'ok0', { type: 'phone-disputed' }, 'ok0');
    await repo.apply('w2', 'ok1', sent, 'bot');
    await repo.apply('w2', 'ok1', { type: 'phone-confirmed' }, 'ok1');
    await repo.apply('w2', 'ok1', { type: 'marked-ready', strongMethod: false }, 'bot');

    const digest = await readWaveDigest({ repo, phoneCorrections }, 'w2');
    assert.equal(digest.counts.unreachable, 30);
    assert.equal(digest.counts['no-phone'], 3);
    assert.equal(digest.counts.targeted, 3);
    assert.equal(digest.attention.unreachable.total, 30);
    assert.equal(digest.attention.unreachable.users.length, DIGEST_NAMES_PER_LIST);
    assert.ok(digest.attention.unreachable.users.every((user) => user.reason === 'blocked'));
    const unreachableNames = digest.attention.unreachable.users.map((user) => user.displayName);
    assert.deepEqual(
      unreachableNames,
      [...unreachableNames].sort((a, b) => a.localeCompare(b)),
      'by name',
    );
    assert.deepEqual(
      digest.attention['no-phone'].users.map((user) => user.userId),
      ['nophone0', 'nophone1', 'nophone2'],
    );
    assert.deepEqual(
      digest.attention.disputed.users.map((user) => user.displayName),
      ['ok 0'],
    );
    assert.deepEqual(digest.attention.unresponsive, { users: [], total: 0 });
    assert.deepEqual(
      digest.ready['phone-only'].users.map((user) => user.userId),
      ['ok1'],
    );
    assert.deepEqual(digest.ready.strong, { users: [], total: 0 });
  });

  it('reads a few names of a large group without loading the group', async () => {
    const size = 20_000;
    const keys = rolloutKeys(prefix);
    await repo.addUsers(
      'w3',
      users('w3', 'silent', 50, true).map((user) => ({ ...user, status: 'unresponsive' as const })),
    );
    // The index as a 20,000-user wave has it (the records of the first 50 are enough to name a few).
    const index = keys.waveStatus('w3', 'unresponsive');
    await redis.del(keys.waveStatus('w3', 'targeted'));
    for (let i = 0; i < size; i += 5000) {
      await redis.sadd(index, ...Array.from({ length: 5000 }, (_, j) => `silent${i + j}`));
    }
    const seen: string[][] = [];
    const monitor = await redis.monitor();
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.startsWith(`${prefix}:wave:w3:`))) seen.push(args);
    });
    try {
      const digest = await readWaveDigest({ repo, phoneCorrections }, 'w3');
      assert.equal(digest.attention.unresponsive.total, size);
      assert.ok(digest.attention.unresponsive.users.length <= DIGEST_NAMES_PER_LIST);
      // MONITOR reports a command after it ran; give the last ones a moment to arrive.
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      monitor.disconnect();
    }
    const commands = seen.map(([name]) => name?.toLowerCase());
    for (const whole of ['smembers', 'hgetall', 'hvals', 'hkeys', 'sunion', 'sdiff', 'sinter', 'keys']) {
      assert.ok(!commands.includes(whole), `${whole} reads a whole group`);
    }
    const hmgets = seen.filter(([name]) => name?.toLowerCase() === 'hmget');
    assert.ok(hmgets.length > 0, 'the names were read');
    for (const args of hmgets)
      assert.ok(args.length - 2 <= DIGEST_NAMES_PER_LIST, `${args.length - 2} records read`);
  });

  /** A corrected number waiting for the helpdesk (the sealed number is of no interest here). */
  const pending = (waveId: string, userId: string): PendingCorrection => ({
    requestId: `r-${userId}`,
    waveId,
    userId,
    sealed: 'sealed',
    masked: '+45 •• •• •6 54',
    requestedAt: now.toISOString(),
  });

  it('lists users waiting for the helpdesk to approve a number apart from those who gave none yet', async () => {
    await repo.saveWave(waveOf('w4'));
    await repo.addUsers('w4', [...users('w4', 'wrong', 3, true), ...users('w4', 'none', 2, false)]);
    for (const id of ['wrong0', 'wrong1', 'wrong2', 'none0', 'none1'])
      await repo.apply('w4', id, sent, 'bot');
    for (const id of ['wrong0', 'wrong1', 'wrong2'])
      await repo.apply('w4', id, { type: 'phone-disputed' }, id);
    // wrong0 typed a number (disputed), none0 gave a first one (no phone on file): both wait.
    await phoneCorrections.save(pending('w4', 'wrong0'));
    await phoneCorrections.save(pending('w4', 'none0'));
    // A request whose time ran out (its key gone, its index entry left behind) waits no more.
    await redis.zadd(rolloutKeys(prefix).waveAwaitingApproval('w4'), 1, 'wrong1');

    const digest = await readWaveDigest({ repo, phoneCorrections }, 'w4');
    assert.equal(digest.counts.disputed, 3, 'the states are what they are');
    assert.equal(digest.awaitingApproval.total, 2);
    assert.deepEqual(digest.awaitingApproval.users.map((user) => user.userId).sort(), ['none0', 'wrong0']);
    assert.equal(digest.attention.disputed.total, 2);
    assert.deepEqual(digest.attention.disputed.users.map((user) => user.userId).sort(), ['wrong1', 'wrong2']);
    assert.equal(digest.attention['no-phone'].total, 1);
    assert.deepEqual(
      digest.attention['no-phone'].users.map((user) => user.userId),
      ['none1'],
    );
    assert.equal(await phoneCorrections.awaitsApproval('w4', 'wrong0'), true);
    assert.equal(await phoneCorrections.awaitsApproval('w4', 'wrong1'), false);

    // The helpdesk decided on wrong0's number: back among those who have not given one.
    assert.ok(await phoneCorrections.take('w4', 'wrong0', 'r-wrong0'));
    await phoneCorrections.delete('w4', 'none0');
    const after = await readWaveDigest({ repo, phoneCorrections }, 'w4');
    assert.deepEqual(after.awaitingApproval, { users: [], total: 0 });
    assert.equal(after.attention.disputed.total, 3);
    assert.equal(after.attention['no-phone'].total, 2);
  });

  it('counts a large group waiting for the helpdesk exactly and names only a few', async () => {
    const size = 20_000;
    const keys = rolloutKeys(prefix);
    await repo.addUsers(
      'w5',
      users('w5', 'd', 30, true).map((user) => ({ ...user, status: 'disputed' as const })),
    );
    await redis.del(keys.waveStatus('w5', 'targeted'));
    const index = keys.waveStatus('w5', 'disputed');
    const awaiting = keys.waveAwaitingApproval('w5');
    const far = Date.now() + 3_600_000;
    for (let i = 0; i < size; i += 5000) {
      const ids = Array.from({ length: 5000 }, (_, j) => `d${i + j}`);
      await redis.sadd(index, ...ids);
      // Every other user waits for the helpdesk.
      await redis.zadd(awaiting, ...ids.filter((_, j) => j % 2 === 0).flatMap((id) => [far, id]));
    }
    const digest = await readWaveDigest({ repo, phoneCorrections }, 'w5');
    assert.equal(digest.awaitingApproval.total, size / 2);
    assert.equal(digest.attention.disputed.total, size / 2);
    assert.ok(digest.awaitingApproval.users.length <= DIGEST_NAMES_PER_LIST);
    assert.ok(digest.attention.disputed.users.length <= DIGEST_NAMES_PER_LIST);
    const waiting = new Set(digest.awaitingApproval.users.map((user) => Number(user.userId.slice(1))));
    assert.ok(
      [...waiting].every((n) => n % 2 === 0),
      'only users who wait are named as waiting',
    );
    assert.ok(
      digest.attention.disputed.users.every((user) => Number(user.userId.slice(1)) % 2 === 1),
      'only users who do not wait are named as disputed',
    );
  });
});
