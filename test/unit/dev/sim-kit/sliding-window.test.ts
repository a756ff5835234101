import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEAMS_CONVERSATION_WINDOWS } from '../../../../src/dev/connector-sim/limits';
import { InvalidWindowRuleError, SlidingWindowLimiter } from '../../../../src/dev/sim-kit/sliding-window';

/** Acquires n times at the given instant; returns how many were allowed. */
function burst(limiter: SlidingWindowLimiter, key: string, at: number, n: number): number {
  let allowed = 0;
  for (let i = 0; i < n; i += 1) if (limiter.tryAcquire(key, at).allowed) allowed += 1;
  return allowed;
}

describe('SlidingWindowLimiter', () => {
  it('allows the limit within a window and says exactly when the next request fits', () => {
    const limiter = new SlidingWindowLimiter([{ windowMs: 1_000, limit: 3 }]);
    assert.equal(limiter.tryAcquire('c', 0).allowed, true);
    assert.equal(limiter.tryAcquire('c', 100).allowed, true);
    assert.equal(limiter.tryAcquire('c', 200).allowed, true);

    const rejected = limiter.tryAcquire('c', 300);

    assert.deepEqual(rejected, { allowed: false, retryAfterMs: 700, rule: { windowMs: 1_000, limit: 3 } });
    // The request at 0 leaves the window at 1000, not a millisecond earlier.
    assert.equal(limiter.tryAcquire('c', 999).allowed, false);
    assert.equal(limiter.tryAcquire('c', 1_000).allowed, true);
  });

  it('a window slides: no burst of 2x the limit across a bucket edge', () => {
    const limiter = new SlidingWindowLimiter([{ windowMs: 1_000, limit: 5 }]);
    assert.equal(burst(limiter, 'c', 900, 5), 5);
    // A fixed 1 s bucket would reset at 1000; the sliding window does not.
    assert.equal(burst(limiter, 'c', 1_100, 5), 0);
    assert.equal(burst(limiter, 'c', 1_900, 5), 5);
  });

  it('rejected requests use no budget', () => {
    const limiter = new SlidingWindowLimiter([{ windowMs: 1_000, limit: 2 }]);
    burst(limiter, 'c', 0, 2);
    burst(limiter, 'c', 500, 50);
    assert.equal(limiter.count('c', 1_000, 500), 2);
    assert.equal(burst(limiter, 'c', 1_000, 3), 2);
  });

  it("enforces Teams' windows together: 7/1 s, then 8/2 s, then 60/30 s", () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    assert.equal(burst(limiter, 'c', 0, 8), 7);
    assert.deepEqual(limiter.tryAcquire('c', 500), {
      allowed: false,
      retryAfterMs: 500,
      rule: { windowMs: 1_000, limit: 7 },
    });
    // At 1 s the 1 s window is free again but 8/2 s allows just one more.
    assert.equal(burst(limiter, 'c', 1_000, 3), 1);
    assert.deepEqual(limiter.tryAcquire('c', 1_500), {
      allowed: false,
      retryAfterMs: 500,
      rule: { windowMs: 2_000, limit: 8 },
    });

    // Steady 8 per 2 s: 60 in the 30 s window is reached before 30 s are over.
    let allowed = 8;
    for (let at = 2_000; at < 30_000; at += 250) if (limiter.tryAcquire('c', at).allowed) allowed += 1;
    assert.equal(allowed, 60);
    const rejected = limiter.tryAcquire('c', 29_999);
    assert.equal(rejected.allowed, false);
    assert.equal(!rejected.allowed && rejected.rule.windowMs, 30_000);
    assert.equal(limiter.tryAcquire('c', 30_000).allowed, true);
  });

  it('enforces the hourly window (1800/h) with the right wait', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    // One request every 2 s never trips the short windows; 1800 of them fill the hour.
    for (let i = 0; i < 1_800; i += 1) assert.equal(limiter.tryAcquire('c', i * 2_000).allowed, true);

    const rejected = limiter.tryAcquire('c', 3_600_000 - 1);

    assert.deepEqual(rejected, {
      allowed: false,
      retryAfterMs: 1,
      rule: { windowMs: 3_600_000, limit: 1_800 },
    });
    assert.equal(limiter.tryAcquire('c', 3_600_000).allowed, true);
  });

  it('keys are independent', () => {
    const limiter = new SlidingWindowLimiter([{ windowMs: 1_000, limit: 1 }]);
    assert.equal(limiter.tryAcquire('a', 0).allowed, true);
    assert.equal(limiter.tryAcquire('a', 0).allowed, false);
    assert.equal(limiter.tryAcquire('b', 0).allowed, true);
  });

  it('stays exact over a long high-rate run (entries are compacted, not lost)', () => {
    const limiter = new SlidingWindowLimiter([{ windowMs: 1_000, limit: 1_000 }]);
    for (let second = 0; second < 20; second += 1) {
      let allowed = 0;
      for (let i = 0; i < 1_500; i += 1)
        if (limiter.tryAcquire('tenant', second * 1_000 + i / 2).allowed) allowed += 1;
      assert.equal(allowed, 1_000, `second ${second}`);
    }
  });

  it('forgets quiet keys so 100k conversations do not pile up', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_WINDOWS);
    for (let i = 0; i < 100_000; i += 1) limiter.tryAcquire(`conversation-${i}`, i % 1_000);
    assert.equal(limiter.size, 100_000);

    limiter.sweep(3_000_000);
    assert.equal(limiter.size, 100_000, 'still inside the hour');

    // The next use after the sweep interval drops everything older than the longest window.
    limiter.tryAcquire('late', 3_601_000);
    assert.equal(limiter.size, 1);
  });

  it('keeps order if the clock steps back', () => {
    const limiter = new SlidingWindowLimiter([{ windowMs: 1_000, limit: 2 }]);
    limiter.tryAcquire('c', 5_000);
    limiter.tryAcquire('c', 4_000);
    assert.equal(limiter.tryAcquire('c', 5_000).allowed, false);
    assert.equal(limiter.tryAcquire('c', 6_000).allowed, true);
  });

  it('refuses rules that cannot work', () => {
    assert.throws(() => new SlidingWindowLimiter([]), InvalidWindowRuleError);
    assert.throws(() => new SlidingWindowLimiter([{ windowMs: 0, limit: 1 }]), InvalidWindowRuleError);
    assert.throws(() => new SlidingWindowLimiter([{ windowMs: 1_000, limit: 0.5 }]), InvalidWindowRuleError);
  });
});
