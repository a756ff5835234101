import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { ConversationLock } from '../../../src/store/conversation-lock';
import { rolloutKeys } from '../../../src/store/keys';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

describe('ConversationLock on real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let lock: ConversationLock;

  before(() => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('lock');
    lock = new ConversationLock(redis, rolloutKeys(prefix));
  });
  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('lets one owner in at a time', async () => {
    assert.equal(await lock.acquire('u1', 'job-a', 5000), true);
    assert.equal(await lock.acquire('u1', 'job-b', 5000), false);
    assert.equal(await lock.acquire('u2', 'job-b', 5000), true, 'another conversation is independent');
  });

  it('is released only by its owner', async () => {
    assert.equal(await lock.release('u1', 'job-b'), false);
    assert.equal(await lock.holder('u1'), 'job-a');
    assert.equal(await lock.release('u1', 'job-a'), true);
    assert.equal(await lock.acquire('u1', 'job-b', 5000), true);
  });

  it('frees itself when the owner died (lease expiry)', async () => {
    assert.equal(await lock.acquire('u3', 'dead-worker', 50), true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(await lock.acquire('u3', 'next-worker', 5000), true);
  });
});
