import { AWAITING_ANSWER, BEFORE_READY, type UserStatus, type WaveUserRecord } from './user-state';

/** Everything that can happen to a user in a wave. */
export type RolloutEvent =
  | { type: 'card-sent'; activityId: string; conversationId: string; cardId: string }
  | { type: 'delivery-failed'; reason: string }
  /**
   * The user confirmed the number: with "Yes, that's my number" on a card, or (`typedInDialog`) by
   * typing a new number and saying yes to it in the phone dialog, recorded once it is on the account.
   */
  | { type: 'phone-confirmed'; typedInDialog?: boolean }
  | { type: 'phone-disputed' }
  /** A number the user gave is on the account; `cardId` is a fresh one, so every older card goes stale. */
  | { type: 'phone-corrected'; phoneMasked: string; cardId: string; activityId?: string }
  /**
   * A fresh card replaced the one in the user's chat without changing where they stand (a correction
   * that was cancelled, rejected or could not be written): older cards' tokens go stale.
   */
  | { type: 'card-reissued'; cardId: string; activityId?: string }
  | { type: 'strong-method-registered' }
  | { type: 'marked-ready'; strongMethod: boolean }
  | { type: 'snoozed'; maxSnoozes: number }
  /** A reminder card replaced the previous one: its tokens are the valid ones from now on. */
  | { type: 'reminded'; activityId: string; cardId: string }
  | { type: 'escalated' }
  | { type: 'enforced'; override: boolean }
  /** An admin undid the enforcement: back to the state recorded before it (ready, or where the override found them). */
  | { type: 'enforcement-undone'; restoreTo: UserStatus }
  | { type: 'excluded'; reason: string };

/** Work the caller must do after a transition is stored. Data, not I/O: the core stays pure. */
export type RolloutEffect =
  | { type: 'enqueue-ready' }
  | { type: 'cancel-reminders' }
  | { type: 'notify-admins'; about: 'unresponsive' | 'unreachable' | 'disputed' | 'no-phone' };

export type TransitionResult =
  | { ok: true; record: WaveUserRecord; effects: RolloutEffect[] }
  /** `settled`: the event already happened (a repeated click); callers answer as if it succeeded. */
  | { ok: false; code: 'settled' | 'not-allowed'; from: UserStatus };

const CONFIRMABLE: readonly UserStatus[] = ['notified', 'snoozed', 'corrected', 'disputed'];

/** Where a corrected (or first) number may be applied from. */
const CORRECTABLE: readonly UserStatus[] = ['disputed', 'no-phone', 'notified', 'snoozed'];
/** Where a new card may replace the current one without a change of state. */
const REISSUABLE: readonly UserStatus[] = ['notified', 'snoozed', 'no-phone', 'disputed', 'corrected'];

function allowed(from: UserStatus, list: readonly UserStatus[]): boolean {
  return list.includes(from);
}

/**
 * "Add my phone number" on a card without a preloaded number: only a user who still has no number
 * and owes an answer may start it. It changes no state; the number they give arrives as `phone-corrected`.
 */
export function canAddPhone(record: WaveUserRecord): boolean {
  return !record.phoneMasked && allowed(record.status, ['no-phone', 'snoozed']);
}

/** Whether a number the user gave may be written now (checked again, atomically, by `phone-corrected`). */
export function canApplyCorrection(record: WaveUserRecord): boolean {
  return allowed(record.status, CORRECTABLE);
}

/**
 * The only place that decides transitions: state + event → state + effects. Returning the next
 * record (with version + 1) lets the store apply it with a compare-and-set on the old version.
 */
export function transition(record: WaveUserRecord, event: RolloutEvent, now: Date): TransitionResult {
  const from = record.status;
  const next = (patch: Partial<WaveUserRecord>, effects: RolloutEffect[] = []): TransitionResult => ({
    ok: true,
    record: { ...record, ...patch, version: record.version + 1, updatedAt: now.toISOString() },
    effects,
  });
  const refuse = (code: 'settled' | 'not-allowed'): TransitionResult => ({ ok: false, code, from });

  switch (event.type) {
    case 'card-sent': {
      if (from !== 'targeted') return refuse('settled');
      // The number was read and masked at expansion; without one the user takes the registration path.
      const status: UserStatus = record.phoneMasked ? 'notified' : 'no-phone';
      return next(
        {
          status,
          activityId: event.activityId,
          conversationId: event.conversationId,
          cardId: event.cardId,
        },
        // The admin digest names the users without a number: a new one is news for the admins.
        status === 'no-phone' ? [{ type: 'notify-admins', about: 'no-phone' }] : [],
      );
    }
    case 'delivery-failed':
      if (from !== 'targeted') return refuse(from === 'unreachable' ? 'settled' : 'not-allowed');
      return next({ status: 'unreachable', reason: event.reason }, [
        { type: 'notify-admins', about: 'unreachable' },
      ]);
    case 'phone-confirmed':
      if (['confirmed', 'ready', 'enforced'].includes(from)) return refuse('settled');
      if (!allowed(from, CONFIRMABLE) || !record.phoneMasked) return refuse('not-allowed');
      // What was typed and confirmed in the dialog is the number just written, nothing older.
      if (event.typedInDialog && from !== 'corrected') return refuse('not-allowed');
      return next({ status: 'confirmed' }, [{ type: 'cancel-reminders' }, { type: 'enqueue-ready' }]);
    case 'phone-disputed':
      if (from === 'disputed') return refuse('settled');
      if (!allowed(from, ['notified', 'snoozed', 'corrected', 'no-phone'])) return refuse('not-allowed');
      return next({ status: 'disputed' }, [{ type: 'notify-admins', about: 'disputed' }]);
    case 'phone-corrected':
      if (!allowed(from, CORRECTABLE)) return refuse('not-allowed');
      return next({
        status: 'corrected',
        phoneMasked: event.phoneMasked,
        phoneFrom: 'user',
        cardId: event.cardId,
        activityId: event.activityId ?? record.activityId,
      });
    case 'card-reissued':
      if (!allowed(from, REISSUABLE)) return refuse('not-allowed');
      return next({ cardId: event.cardId, activityId: event.activityId ?? record.activityId });
    case 'strong-method-registered':
      if (from === 'ready' || from === 'enforced') {
        // Ready on the phone alone, then Authenticator or a passkey: no longer phone-only.
        return record.strongMethod ? refuse('settled') : next({ strongMethod: true });
      }
      if (!allowed(from, BEFORE_READY)) return refuse('not-allowed');
      return next({ status: 'ready', strongMethod: true }, [{ type: 'cancel-reminders' }]);
    case 'marked-ready':
      if (from === 'ready' || from === 'enforced') return refuse('settled');
      if (from !== 'confirmed') return refuse('not-allowed');
      return next({ status: 'ready', strongMethod: event.strongMethod || record.strongMethod });
    case 'snoozed':
      if (!allowed(from, ['notified', 'snoozed', 'no-phone'])) return refuse('not-allowed');
      if (record.snoozes >= event.maxSnoozes) return refuse('not-allowed');
      return next({ status: 'snoozed', snoozes: record.snoozes + 1 });
    case 'reminded':
      if (!allowed(from, AWAITING_ANSWER)) return refuse('not-allowed');
      // A snoozed user who gets the card again is back to owing an answer.
      return next({
        status: from === 'snoozed' ? 'notified' : from,
        reminders: record.reminders + 1,
        activityId: event.activityId,
        cardId: event.cardId,
      });
    case 'escalated':
      if (from === 'unresponsive') return refuse('settled');
      if (!allowed(from, AWAITING_ANSWER)) return refuse('not-allowed');
      return next({ status: 'unresponsive' }, [{ type: 'notify-admins', about: 'unresponsive' }]);
    case 'enforced':
      if (from === 'enforced') return refuse('settled');
      // A user without a confirmed method is enforced only by an explicit, audited admin override.
      if (from !== 'ready' && (!event.override || from === 'excluded')) return refuse('not-allowed');
      return next(
        { status: 'enforced', reason: from === 'ready' ? record.reason : `override from ${from}` },
        [{ type: 'cancel-reminders' }],
      );
    case 'enforcement-undone':
      if (from !== 'enforced') return refuse('not-allowed');
      if (event.restoreTo === 'enforced' || event.restoreTo === 'excluded') return refuse('not-allowed');
      return next({ status: event.restoreTo });
    case 'excluded':
      if (from === 'excluded') return refuse('settled');
      if (from === 'enforced') return refuse('not-allowed');
      return next({ status: 'excluded', reason: event.reason }, [{ type: 'cancel-reminders' }]);
  }
}
