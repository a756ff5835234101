import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { ChatRecoveries } from '../../../src/store/chat-recoveries';
import { ConversationReferenceStore } from '../../../src/store/conversation-references';
import { rolloutKeys } from '../../../src/store/keys';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

const chat = (id: string) => ({
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:1/',
  conversation: { id, conversationType: 'personal', isGroup: false, name: '' },
});

describe('chat recoveries: once per user per wave, on real Redis', () => {
  let redis: Redis;
  let prefix: string;
  let recoveries: ChatRecoveries;
  let refs: ConversationReferenceStore;

  before(() => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('recover');
    const keys = rolloutKeys(prefix);
    recoveries = new ChatRecoveries(redis, keys);
    refs = new ConversationReferenceStore(redis, keys);
  });
  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('gives the recovery to one of many concurrent callers and forgets the stale chat', async () => {
    await refs.saveForUser('u1', chat('a:stale'));
    const at = '2026-11-23T10:00:00.000Z';
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        recoveries.begin({ waveId: 'w1', userId: 'u1', staleConversationId: 'a:stale', at }),
      ),
    );
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(await refs.forUser('u1'), undefined);
    assert.equal(await recoveries.recoveredAt('w1', 'u1'), at);
    // Another wave has its own recovery; another user too.
    assert.equal(
      await recoveries.begin({ waveId: 'w2', userId: 'u1', staleConversationId: 'a:x', at }),
      true,
    );
    assert.equal(
      await recoveries.begin({ waveId: 'w1', userId: 'u2', staleConversationId: 'a:x', at }),
      true,
    );
  });

  it('keeps a stored chat that is not the stale one (a message stored a newer chat meanwhile)', async () => {
    await refs.saveForUser('u3', chat('a:newer'));
    const begun = await recoveries.begin({
      waveId: 'w1',
      userId: 'u3',
      staleConversationId: 'a:stale',
      at: '2026-11-23T10:00:00.000Z',
    });
    assert.equal(begun, true);
    assert.equal((await refs.forUser('u3'))?.conversation?.id, 'a:newer');
  });
});
