import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { LuaScript } from '../../../src/store/lua-script';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

describe('LuaScript (EVALSHA with EVAL fallback)', () => {
  let redis: Redis;
  let prefix: string;
  const source = `return redis.call('INCRBY', KEYS[1], ARGV[1])`;
  const incr = new LuaScript(source, 1);

  before(() => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('lua');
  });
  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('runs a script Redis has never seen (NOSCRIPT → EVAL), then by its SHA', async () => {
    const sha = createHash('sha1').update(source).digest('hex');
    await redis.script('FLUSH');
    assert.deepEqual(await redis.script('EXISTS', sha), [0]);
    assert.equal(await incr.run(redis, `${prefix}:n`, 2), 2);
    assert.deepEqual(await redis.script('EXISTS', sha), [1], 'the fallback loaded it');
    assert.equal(await incr.run(redis, `${prefix}:n`, 3), 5);
  });

  it('passes on real script errors instead of retrying them', async () => {
    const broken = new LuaScript(`return redis.call('NOPE')`, 0);
    await assert.rejects(broken.run(redis), /Unknown Redis command|unknown command/i);
  });
});
