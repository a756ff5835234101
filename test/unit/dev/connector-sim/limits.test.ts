import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TeamsLimits } from '../../../../src/dev/connector-sim/limits';

describe('TeamsLimits', () => {
  it('defaults to 50 requests per second per tenant, across conversations', () => {
    const limits = new TeamsLimits();
    let allowed = 0;
    for (let i = 0; i < 60; i += 1)
      if (limits.check('tenant-a', `conversation-${i}`, 0).allowed) allowed += 1;
    assert.equal(allowed, 50);
    assert.deepEqual(limits.check('tenant-a', 'conversation-x', 10), {
      allowed: false,
      scope: 'tenant',
      retryAfterMs: 990,
    });
    assert.equal(limits.check('tenant-b', 'conversation-y', 10).allowed, true);
  });

  it('defaults to 7 per second per conversation', () => {
    const limits = new TeamsLimits();
    const verdicts = Array.from({ length: 8 }, () => limits.check('tenant', 'c', 0));
    assert.deepEqual(verdicts[7], { allowed: false, scope: 'conversation', retryAfterMs: 1_000 });
    assert.equal(verdicts.filter((verdict) => verdict.allowed).length, 7);
  });

  it('a request the tenant limit rejects does not use the conversation budget', () => {
    const limits = new TeamsLimits({ perTenantPerSecond: 1 });
    assert.equal(limits.check('t', 'c', 0).allowed, true);
    for (let i = 0; i < 10; i += 1) assert.equal(limits.check('t', 'c', 0).allowed, false);
    // Next second: the conversation has used 1 of its 8-per-2-s, not 11.
    assert.equal(limits.check('t', 'c', 1_000).allowed, true);
  });

  it('can be raised, partly disabled or switched off', () => {
    const raised = new TeamsLimits({ perTenantPerSecond: 1_000, perConversation: false });
    let allowed = 0;
    for (let i = 0; i < 1_000; i += 1) if (raised.check('t', 'same', 0).allowed) allowed += 1;
    assert.equal(allowed, 1_000);
    assert.equal(raised.check('t', 'same', 0).allowed, false);

    const off = new TeamsLimits({ enabled: false });
    for (let i = 0; i < 5_000; i += 1) assert.equal(off.check('t', 'c', 0).allowed, true);
  });

  it('requests without a conversation only count for the tenant', () => {
    const limits = new TeamsLimits({ perConversation: [{ windowMs: 1_000, limit: 1 }] });
    assert.equal(limits.check('t', undefined, 0).allowed, true);
    assert.equal(limits.check('t', undefined, 0).allowed, true);
    assert.equal(limits.trackedConversations, 0);
  });
});
