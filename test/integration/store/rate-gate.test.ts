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

  it('books slots for a whole batch of waiters in one Redis call', async () => {
    const counting = new Redis(testRedisUrl());
    let calls = 0;
    const evalsha = counting.evalsha.bind(counting);
    counting.evalsha = ((...args: Parameters<typeof evalsha>) => {
      calls += 1;
      return evalsha(...args);
    }) as typeof counting.evalsha;
    try {
      // 100/s with a second of horizon: all 40 slots (0 to 390 ms) fit in one booking.
      const gate = new RateGate(counting, `${prefix}:f`, 100, { horizonMs: 1000 });
      const takes = Array.from({ length: 40 }, () => gate.take());
      await takes[1];
      // The shared clock moved by all 40 slots at once: another process must wait for them.
      const wait = await new RateGate(redis, `${prefix}:f`, 100, 0).tryTake();
      assert.ok(wait > 300, `another process may go in ${wait} ms`);
      await Promise.all(takes);
      // The first take() books alone (nobody else was waiting yet); the other 39 share one booking.
      assert.equal(calls, 2, `${calls} Redis calls for 40 waiters`);
    } finally {
      counting.disconnect();
    }
  });

  it('never lets a waiter go before its slot, across bookings', async () => {
    const gate = new RateGate(redis, `${prefix}:g`, 5, { burstMs: 0 }); // one every 200 ms
    const admittedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () => gate.take().then(() => admittedAt.push(performance.now()))),
    );
    // The horizon (2 intervals) holds three slots; the fourth needs a second booking. The slots are
    // exact on the Redis clock; seen from here, each booking's reply may be a few ms later or earlier.
    const span = (admittedAt[3] as number) - (admittedAt[0] as number);
    assert.ok(span >= 550, `4 requests at 5/s spread over ${span} ms`);
  });

  it('holds slots this process booked before a pause until the pause is over', async () => {
    const gate = new RateGate(redis, `${prefix}:h`, 10, { burstMs: 0, horizonMs: 300 });
    const first = gate.take();
    const later = [gate.take(), gate.take()];
    await first; // the batch was booked: the other two hold slots at +100 and +200 ms
    const pausedAt = performance.now();
    await gate.pause(500);
    const admittedAfter = await Promise.all(
      later.map((take) => take.then(() => performance.now() - pausedAt)),
    );
    assert.ok(
      admittedAfter.every((ms) => ms >= 499),
      `admitted ${admittedAfter.map(Math.round).join(', ')} ms after the pause`,
    );
  });

  it('fails the waiters when Redis cannot be reached, instead of hanging them', async () => {
    const offline = new Redis(testRedisUrl(), { lazyConnect: true, enableOfflineQueue: false });
    try {
      const gate = new RateGate(offline, `${prefix}:i`, 10);
      await assert.rejects(Promise.all([gate.take(), gate.take()]));
    } finally {
      offline.disconnect();
    }
  });
});
