import type { UserStatus } from './user-state';
import { DAY_MS } from './wave';

/** "Remind me tomorrow" at most this often, as Entra's registration campaign allows. */
export const MAX_SNOOZES = 3;

/** Who a wave's reminder reaches: users still owing an answer (snoozed users have their own reminder). */
export const REMINDED_STATUSES: readonly UserStatus[] = ['notified', 'no-phone', 'corrected'];

/** Reminder times after the card reached the user: 2 days, 5 days, and 1 day before the deadline. */
export function reminderTimes(notifiedAt: Date, deadline: Date): Date[] {
  const candidates = [
    new Date(notifiedAt.getTime() + 2 * DAY_MS),
    new Date(notifiedAt.getTime() + 5 * DAY_MS),
    new Date(deadline.getTime() - DAY_MS),
  ];
  const unique = new Map<number, Date>();
  for (const at of candidates) {
    if (at.getTime() > notifiedAt.getTime() && at.getTime() < deadline.getTime())
      unique.set(at.getTime(), at);
  }
  return [...unique.values()].sort((a, b) => a.getTime() - b.getTime());
}
