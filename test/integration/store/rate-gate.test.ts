import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RateGate } from '../../../src/store/rate-gate';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

/** Admissions are counted, not timed: a slow rate leaves seconds of margin between the calls. */
describe('RateGate (GCRA on Redis)', () => {
  let redis: Redis;
  let prefix: string;

  before(() => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('gate');
  });
  after(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('admits one request per interval and tells the others how long to wait', async () => {
    const gate = new RateGate(redis, `${prefix}:a`, 0.2, 0); // one every 5 s
    const waits = [];
    for (let i = 0; i < 5; i++) waits.push(await gate.tryTake());
    assert.equal(waits[0], 0);
    assert.ok(
      waits.slice(1).every((w) => w > 3000 && w <= 5000),
      `waits ${waits.join(',')}`,
    );
  });

  it('lets a burst through at once, then spaces requests out', async () => {
    const gate = new RateGate(redis, `${prefix}:b`, 0.2, 10_000); // 10 s of burst = 3 requests at once
    const admitted = [];
    for (let i = 0; i < 5; i++) admitted.push((await gate.tryTake()) === 0);
    assert.deepEqual(admitted, [true, true, true, false, false]);
  });

  it('is shared by every gate on the same key (every worker process)', async () => {
    const a = new RateGate(redis, `${prefix}:c`, 0.2, 0);
    const b = new RateGate(redis, `${prefix}:c`, 0.2, 0);
    assert.equal(await a.tryTake(), 0);
    assert.ok((await b.tryTake()) > 0);
  });

  it('holds everyone back after a pause (a 429 with Retry-After)', async () => {
    const gate = new RateGate(redis, `${prefix}:d`, 1000, 0);
    await gate.pause(30_000);
    const wait = await gate.tryTake();
    assert.ok(wait > 25_000 && wait <= 30_000, `wait ${wait}`);
  });

  it('take() resolves once admitted', async () => {
    const gate = new RateGate(redis, `${prefix}:e`, 1000, 0);
    await gate.take();
    await gate.take();
    assert.ok((await gate.tryTake()) >= 0);
  });
});
