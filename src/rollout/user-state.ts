/**
 * The life of one user in one wave (DESIGN.md). A record holds only what the rollout decides on;
 * the clear phone number is never stored here: Graph stays its source of truth, and the record
 * keeps the masked form that was shown on the card.
 */
export const USER_STATUSES = [
  'targeted',
  'notified',
  'snoozed',
  'confirmed',
  'disputed',
  'corrected',
  'ready',
  'enforced',
  'no-phone',
  'unresponsive',
  'unreachable',
  'excluded',
] as const;

export type UserStatus = (typeof USER_STATUSES)[number];

/** One delivery attempt to Teams, kept per user for the status report (Company Communicator habit). */
export interface DeliveryAttempt {
  at: string;
  /** HTTP status from the connector, or 0 for a timeout / network failure. */
  status: number;
  outcome: 'sent' | 'throttled' | 'transient' | 'final';
}

export interface WaveUserRecord {
  waveId: string;
  userId: string;
  userPrincipalName: string;
  displayName: string;
  status: UserStatus;
  /** The masked number shown on the card, e.g. "+45 •• •• •5 67". */
  phoneMasked?: string;
  /** Who gave the number on the account: IT's preload (absent) or the user, through a correction. */
  phoneFrom?: 'user';
  /** Registered Authenticator, a passkey or FIDO2: survives the SMS/voice retirement. */
  strongMethod: boolean;
  locale?: string;
  /** Identifies the card currently in the user's chat; tokens of older cards are refused. */
  cardId?: string;
  activityId?: string;
  conversationId?: string;
  reminders: number;
  snoozes: number;
  /** Why the user is unreachable, excluded or was overridden. */
  reason?: string;
  version: number;
  updatedAt: string;
}

export function newWaveUser(
  waveId: string,
  user: { id: string; userPrincipalName: string; displayName: string },
  now: Date,
): WaveUserRecord {
  return {
    waveId,
    userId: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    status: 'targeted',
    strongMethod: false,
    reminders: 0,
    snoozes: 0,
    version: 0,
    updatedAt: now.toISOString(),
  };
}

/** Statuses in which the user still owes an answer. */
export const AWAITING_ANSWER: readonly UserStatus[] = ['notified', 'snoozed', 'no-phone', 'corrected'];

/** Statuses from which registering a strong method (Authenticator, passkey) makes the user ready. */
export const BEFORE_READY: readonly UserStatus[] = [
  'targeted',
  'notified',
  'snoozed',
  'no-phone',
  'confirmed',
  'disputed',
  'corrected',
  'unresponsive',
];
