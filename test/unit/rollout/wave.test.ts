import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAdmin, needsGroupLookup } from '../../../src/rollout/admin-policy';
import { reminderTimes } from '../../../src/rollout/reminder-policy';
import { makeWaveId, waveDeadline } from '../../../src/rollout/wave';

describe('waves', () => {
  it('makes ids without colons or spaces', () => {
    const id = makeWaveId(new Date('2026-11-23T10:00:00Z'), 'Pilot: Finance & HR', 'a1b2c3');
    assert.equal(id, '20261123-pilot-finance-hr-a1b2c3');
  });

  it('schedules reminders 2 and 5 days after the card and the day before the deadline', () => {
    const sent = new Date('2026-11-23T10:00:00Z');
    const times = reminderTimes(sent, waveDeadline(sent, 14)).map((d) => d.toISOString().slice(0, 10));
    assert.deepEqual(times, ['2026-11-25', '2026-11-28', '2026-12-06']);
  });

  it('drops reminders that would fall after a short deadline', () => {
    const sent = new Date('2026-11-23T10:00:00Z');
    const times = reminderTimes(sent, waveDeadline(sent, 3)).map((d) => d.toISOString().slice(0, 10));
    assert.deepEqual(times, ['2026-11-25']);
  });
});

describe('admin policy', () => {
  const policy = { adminUserIds: ['AAA'], adminGroupId: 'g1' };
  it('accepts listed admins without a group lookup, case-insensitively', () => {
    assert.equal(needsGroupLookup(policy, 'aaa'), false);
    assert.deepEqual(decideAdmin(policy, 'aaa', undefined), { admin: true, via: 'user-id' });
  });
  it('accepts admin group members and refuses everybody else', () => {
    assert.equal(needsGroupLookup(policy, 'bbb'), true);
    assert.deepEqual(decideAdmin(policy, 'bbb', true), { admin: true, via: 'group' });
    assert.deepEqual(decideAdmin(policy, 'bbb', false), { admin: false });
    assert.deepEqual(decideAdmin(policy, undefined, true), { admin: false });
    assert.deepEqual(decideAdmin({ adminUserIds: [], adminGroupId: '' }, 'bbb', true), { admin: false });
  });
});
