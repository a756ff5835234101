import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaultInjector } from '../../../../src/dev/graph-sim/faults';
import { GraphLimits, GraphThrottle, REPORTS_API_LIMIT } from '../../../../src/dev/graph-sim/limits';
import { RequestLog } from '../../../../src/dev/graph-sim/request-log';
import { InvalidWindowRuleError } from '../../../../src/dev/sim-kit/sliding-window';

describe('fault injector', () => {
  it('fails matching requests the given number of times, then lets them through', () => {
    const faults = new FaultInjector();
    faults.inject({ method: 'GET', path: /\/users\/u1$/, status: 503, times: 2, retryAfterSeconds: 4 });
    assert.equal(faults.take('GET', '/v1.0/users/u2'), undefined);
    assert.equal(faults.take('POST', '/v1.0/users/u1'), undefined);
    const first = faults.take('GET', '/v1.0/users/u1');
    assert.ok(first);
    assert.equal(first.status, 503);
    assert.equal(first.headers?.['Retry-After'], '4');
    assert.equal((first.body as { error: { code: string } }).error.code, 'serviceNotAvailable');
    assert.equal(faults.take('GET', '/v1.0/users/u1')?.status, 503);
    assert.equal(faults.take('GET', '/v1.0/users/u1'), undefined);
    assert.equal(faults.injected, 2);
  });

  it('throttles every k-th request with 429 and Retry-After', () => {
    const faults = new FaultInjector();
    faults.throttleEvery(3, { retryAfterSeconds: 2 });
    const statuses = Array.from({ length: 7 }, () => faults.take('GET', '/v1.0/users/x')?.status ?? 200);
    assert.deepEqual(statuses, [200, 200, 429, 200, 200, 429, 200]);
    faults.clear();
    assert.equal(faults.take('GET', '/v1.0/users/x'), undefined);
  });

  it('refuses a status that is not an error', () => {
    assert.throws(() => new FaultInjector().inject({ path: /x/, status: 200 }), RangeError);
  });
});

describe('sliding window limiter', () => {
  it('admits N per window and says when the next one may come', () => {
    let now = 1_000;
    const limiter = new GraphThrottle({ requests: 2, windowMs: 10_000 }, () => now);
    assert.deepEqual(limiter.admit(), { ok: true });
    now += 3_000;
    assert.deepEqual(limiter.admit(), { ok: true });
    assert.deepEqual(limiter.admit(), { ok: false, retryAfterSeconds: 7 });
    now = 11_001; // the first one left the window
    assert.deepEqual(limiter.admit(), { ok: true });
    limiter.configure(false);
    for (let i = 0; i < 10; i++) assert.equal(limiter.admit().ok, true);
  });
});

describe('Graph limits', () => {
  it("start with the reports API's 5 requests per 10 s", () => {
    let now = 0;
    const limits = new GraphLimits({ now: () => now });
    assert.deepEqual(limits.reports.config, REPORTS_API_LIMIT);
    assert.deepEqual(REPORTS_API_LIMIT, { requests: 5, windowMs: 10_000 });
    for (let i = 0; i < 5; i++) assert.deepEqual(limits.reports.admit(), { ok: true });
    now = 2_500;
    assert.deepEqual(limits.reports.admit(), { ok: false, retryAfterSeconds: 8 });
  });

  it('go back on reset to the limits they started with, windows empty', () => {
    const limits = new GraphLimits({ reports: { requests: 1, windowMs: 10_000 }, now: () => 0 });
    assert.deepEqual(limits.reports.admit(), { ok: true });
    assert.deepEqual(limits.reports.admit(), { ok: false, retryAfterSeconds: 10 });
    limits.reports.configure(false);
    limits.reset();
    assert.deepEqual(limits.reports.config, { requests: 1, windowMs: 10_000 });
    assert.deepEqual(limits.reports.admit(), { ok: true });
    assert.equal(limits.reports.admit().ok, false);
  });

  it('keep the old limit when given one they cannot enforce', () => {
    const throttle = new GraphThrottle({ requests: 1, windowMs: 10_000 }, () => 0);
    assert.throws(() => throttle.configure({ requests: 0, windowMs: 10_000 }), InvalidWindowRuleError);
    assert.deepEqual(throttle.config, { requests: 1, windowMs: 10_000 });
    assert.deepEqual(throttle.admit(), { ok: true });
    assert.equal(throttle.admit().ok, false);
  });
});

describe('request log', () => {
  it('keeps a bounded window but counts everything', () => {
    const log = new RequestLog(5);
    for (let i = 0; i < 23; i++)
      log.record({ method: 'GET', path: `/v1.0/r/${i}`, query: '', status: 200, batchItem: false });
    assert.equal(log.count, 23);
    assert.equal(log.entries.length, 5);
    assert.equal(log.entries.at(-1)?.path, '/v1.0/r/22');
    assert.equal(log.matching(/\/r\/2\d$/).length, 3);
  });
});
