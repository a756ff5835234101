import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canAddPhone,
  canApplyCorrection,
  type RolloutEvent,
  transition,
} from '../../../src/rollout/transitions';
import { newWaveUser, type WaveUserRecord } from '../../../src/rollout/user-state';

const now = new Date('2026-11-23T10:00:00Z');

function user(patch: Partial<WaveUserRecord> = {}): WaveUserRecord {
  return {
    ...newWaveUser('w1', { id: 'u1', userPrincipalName: 'u1@x', displayName: 'U One' }, now),
    ...patch,
  };
}

function step(record: WaveUserRecord, event: RolloutEvent): WaveUserRecord {
  const result = transition(record, event, now);
  assert.ok(result.ok, `expected ${event.type} to be allowed from ${record.status}`);
  return result.record;
}

const sent: RolloutEvent = { type: 'card-sent', activityId: 'a1', conversationId: 'c1', cardId: 'k1' };

describe('user state machine', () => {
  it('walks the happy path targeted → notified → confirmed → ready → enforced, bumping the version', () => {
    let record = user({ phoneMasked: '+45 •• •• •5 67' });
    record = step(record, sent);
    assert.equal(record.status, 'notified');
    assert.equal(record.activityId, 'a1');
    assert.equal(record.cardId, 'k1');
    const confirmed = transition(record, { type: 'phone-confirmed' }, now);
    assert.ok(confirmed.ok);
    assert.equal(confirmed.record.status, 'confirmed');
    assert.deepEqual(
      confirmed.effects.map((e) => e.type),
      ['cancel-reminders', 'enqueue-ready'],
    );
    record = step(confirmed.record, { type: 'marked-ready', strongMethod: false });
    assert.equal(record.status, 'ready');
    record = step(record, { type: 'enforced', override: false });
    assert.equal(record.status, 'enforced');
    assert.equal(record.version, 4);
  });

  it('sends users without a preloaded number down the registration path, and tells the admins', () => {
    const result = transition(user(), sent, now);
    assert.ok(result.ok);
    assert.deepEqual(result.effects, [{ type: 'notify-admins', about: 'no-phone' }]);
    const withPhone = transition(user({ phoneMasked: 'm' }), sent, now);
    assert.deepEqual(withPhone.ok && withPhone.effects, []);
    const record = result.record;
    assert.equal(record.status, 'no-phone');
    const confirm = transition(record, { type: 'phone-confirmed' }, now);
    assert.deepEqual(confirm, { ok: false, code: 'not-allowed', from: 'no-phone' });
  });

  it('treats a repeated confirm as settled, not as an error or a second transition', () => {
    const record = step(step(user({ phoneMasked: 'm' }), sent), { type: 'phone-confirmed' });
    assert.deepEqual(transition(record, { type: 'phone-confirmed' }, now), {
      ok: false,
      code: 'settled',
      from: 'confirmed',
    });
  });

  it('never sends a second card to a user who already has one', () => {
    const record = step(user({ phoneMasked: 'm' }), sent);
    assert.deepEqual(transition(record, sent, now), { ok: false, code: 'settled', from: 'notified' });
  });

  it('refuses enforcement without a confirmed method unless an admin overrides', () => {
    const record = step(user({ phoneMasked: 'm' }), sent);
    assert.equal(transition(record, { type: 'enforced', override: false }, now).ok, false);
    const overridden = transition(record, { type: 'enforced', override: true }, now);
    assert.ok(overridden.ok);
    assert.equal(overridden.record.reason, 'override from notified');
  });

  it('marks a final delivery failure unreachable with its reason and tells the admins', () => {
    const result = transition(user(), { type: 'delivery-failed', reason: 'blocked' }, now);
    assert.ok(result.ok);
    assert.equal(result.record.status, 'unreachable');
    assert.equal(result.record.reason, 'blocked');
    assert.deepEqual(result.effects, [{ type: 'notify-admins', about: 'unreachable' }]);
  });

  it('limits snoozes', () => {
    let record = step(user({ phoneMasked: 'm' }), sent);
    record = step(record, { type: 'snoozed', maxSnoozes: 2 });
    record = step(record, { type: 'snoozed', maxSnoozes: 2 });
    assert.equal(record.snoozes, 2);
    assert.equal(transition(record, { type: 'snoozed', maxSnoozes: 2 }, now).ok, false);
  });

  it('moves anyone who registers a strong method straight to ready', () => {
    const record = step(step(user(), sent), { type: 'strong-method-registered' });
    assert.equal(record.status, 'ready');
    assert.equal(record.strongMethod, true);
  });

  it('notes a strong method for a user ready on the phone alone, who stays ready; a second time is settled', () => {
    const confirmed = step(step(user({ phoneMasked: '+45 •• •• •4 56' }), sent), { type: 'phone-confirmed' });
    const phoneOnly = step(confirmed, { type: 'marked-ready', strongMethod: false });
    assert.equal(phoneOnly.strongMethod, false);
    const strong = step(phoneOnly, { type: 'strong-method-registered' });
    assert.deepEqual([strong.status, strong.strongMethod], ['ready', true]);
    const again = transition(strong, { type: 'strong-method-registered' }, now);
    assert.deepEqual(again, { ok: false, code: 'settled', from: 'ready' });
  });

  it('does not let an excluded user be enforced, even with an override', () => {
    const record = step(user(), { type: 'excluded', reason: 'break-glass' });
    assert.equal(transition(record, { type: 'enforced', override: true }, now).ok, false);
  });

  it('does not change the input record', () => {
    const record = user({ phoneMasked: 'm' });
    const copy = structuredClone(record);
    transition(record, sent, now);
    assert.deepEqual(record, copy);
  });

  describe('phone corrections', () => {
    const corrected: RolloutEvent = {
      type: 'phone-corrected',
      phoneMasked: '+45 •• •• •6 54',
      cardId: 'k2',
      activityId: 'a2',
    };

    it('corrects a disputed number with a new card, then confirms the new number', () => {
      let record = step(step(user({ phoneMasked: '+45 •• •• •5 67' }), sent), { type: 'phone-disputed' });
      assert.equal(record.status, 'disputed');
      assert.ok(canApplyCorrection(record));
      record = step(record, corrected);
      assert.equal(record.status, 'corrected');
      assert.equal(record.phoneMasked, '+45 •• •• •6 54');
      assert.equal(record.phoneFrom, 'user', 'the number on the account is the one the user gave');
      assert.equal(record.cardId, 'k2', 'old cards go stale');
      assert.equal(record.activityId, 'a2');
      const confirmed = transition(record, { type: 'phone-confirmed' }, now);
      assert.ok(confirmed.ok);
      assert.equal(confirmed.record.status, 'confirmed');
    });

    it('records a number typed and confirmed in the dialog as confirmed once written, and nothing older', () => {
      const disputed = step(step(user({ phoneMasked: '+45 •• •• •5 67' }), sent), { type: 'phone-disputed' });
      const typed: RolloutEvent = { type: 'phone-confirmed', typedInDialog: true };
      // Before the number is on the account there is nothing typed to confirm.
      assert.deepEqual(transition(disputed, typed, now), {
        ok: false,
        code: 'not-allowed',
        from: 'disputed',
      });
      const notified = step(user({ phoneMasked: 'm' }), sent);
      assert.deepEqual(transition(notified, typed, now), {
        ok: false,
        code: 'not-allowed',
        from: 'notified',
      });
      const confirmed = transition(step(disputed, corrected), typed, now);
      assert.ok(confirmed.ok);
      assert.equal(confirmed.record.status, 'confirmed');
      assert.equal(confirmed.record.phoneMasked, '+45 •• •• •6 54');
      assert.deepEqual(
        confirmed.effects.map((e) => e.type),
        ['cancel-reminders', 'enqueue-ready'],
      );
      assert.equal(transition(confirmed.record, typed, now).ok, false, 'a second time is settled');
    });

    it('lets a user without a preloaded number add one, and only such a user', () => {
      const noPhone = step(user(), sent);
      assert.equal(noPhone.status, 'no-phone');
      assert.ok(canAddPhone(noPhone));
      assert.ok(canAddPhone(step(noPhone, { type: 'snoozed', maxSnoozes: 3 })));
      const added = step(noPhone, corrected);
      assert.equal(added.status, 'corrected');
      assert.equal(canAddPhone(added), false);
      assert.equal(canAddPhone(step(user({ phoneMasked: 'm' }), sent)), false);
    });

    it('refuses a correction once the user is confirmed, ready or out of the wave', () => {
      const confirmed = step(step(user({ phoneMasked: 'm' }), sent), { type: 'phone-confirmed' });
      assert.equal(canApplyCorrection(confirmed), false);
      assert.deepEqual(transition(confirmed, corrected, now), {
        ok: false,
        code: 'not-allowed',
        from: 'confirmed',
      });
      const excluded = step(user(), { type: 'excluded', reason: 'left' });
      assert.equal(transition(excluded, corrected, now).ok, false);
    });

    it('reissues a card without changing where the user stands', () => {
      const disputed = step(step(user({ phoneMasked: 'm' }), sent), { type: 'phone-disputed' });
      const reissued = step(disputed, { type: 'card-reissued', cardId: 'k3', activityId: 'a3' });
      assert.equal(reissued.status, 'disputed');
      assert.equal(reissued.cardId, 'k3');
      assert.equal(reissued.activityId, 'a3');
      const ready = step(step(step(user({ phoneMasked: 'm' }), sent), { type: 'phone-confirmed' }), {
        type: 'marked-ready',
        strongMethod: false,
      });
      assert.equal(transition(ready, { type: 'card-reissued', cardId: 'k4' }, now).ok, false);
    });
  });
});
