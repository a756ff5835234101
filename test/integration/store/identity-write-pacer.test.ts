import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { generatedUserId, generateTenant } from '../../../src/dev/graph-sim';
import { writePhoneMethods } from '../../../src/graph/phone-writes';
import { IdentityWritePacer } from '../../../src/store/identity-write-pacer';
import { type GraphTestContext, startGraphForTest } from '../../support/graph';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

/** Bookings are read, not timed: a slow budget leaves seconds between what the calls are told. */
describe('IdentityWritePacer (one identity write budget for the fleet, on Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let graph: GraphTestContext;

  before(async () => {
    redis = new Redis(testRedisUrl());
    prefix = randomPrefix('pacer');
    graph = await startGraphForTest({
      tenant: generateTenant(60, { authenticatorShare: 0, phoneShare: 1, malformedShare: 0 }),
      identityWriteLimit: { requests: 30, windowMs: 2000 },
    });
  });
  after(async () => {
    await graph.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  });

  it('lets the budget go at once, then books the next writes for when the oldest leave the window, in any process', async () => {
    const options = { writesPerWindow: 4, windowMs: 60_000 };
    const a = new IdentityWritePacer(redis, `${prefix}:a`, options);
    const b = new IdentityWritePacer(redis, `${prefix}:a`, options);
    assert.equal(await a.reserve(3), 0);
    assert.equal(await b.reserve(1), 0);
    // The oldest three must leave the window (plus the margin) before two more fit.
    const third = await a.reserve(2);
    assert.ok(third > 60_000 && third <= 61_000, `waited ${third} ms`);
    // Booked after the third and in the same window as it: the one of b, the two and this one fit.
    const fourth = await b.reserve(1);
    assert.ok(fourth > 60_000 && fourth <= 61_000, `waited ${fourth} ms`);
    await assert.rejects(a.reserve(5), RangeError);
  });

  it('refuses a negative or fractional number of writes', async () => {
    const pacer = new IdentityWritePacer(redis, `${prefix}:b`, { writesPerWindow: 10, windowMs: 1000 });
    await assert.rejects(pacer.take(-1), RangeError);
    await assert.rejects(pacer.take(1.5), RangeError);
    await pacer.take(0);
  });

  it("keeps two writers sharing it under Graph's limit: no 429, everything written", async () => {
    // A wide margin: the first requests of a test process can reach the simulator late (warm-up).
    const options = { writesPerWindow: 25, windowMs: 2000, marginMs: 600 };
    const writers = [0, 1].map((half) => {
      const pacer = new IdentityWritePacer(redis, `${prefix}:c`, options);
      const writes = Array.from({ length: 30 }, (_, index) => {
        const user = half * 30 + index;
        return {
          key: String(user),
          userId: generatedUserId(user),
          phoneType: 'mobile' as const,
          phoneNumber: `+45 31${String(user).padStart(6, '0')}`,
          method: 'PATCH' as const,
        };
      });
      return writePhoneMethods(graph.client, writes, { pacer, concurrency: 1 });
    });
    const results = (await Promise.all(writers)).flatMap((map) => [...map.values()]);
    assert.equal(results.length, 60);
    assert.ok(results.every((result) => result.outcome === 'written'));
    assert.equal(
      graph.sim.limits.identityWrites.refused,
      0,
      graph.sim.requests.entries.map((e) => e.status).join(' '),
    );
    assert.equal(graph.sim.limits.identityWrites.admitted, 60);
  });
});
