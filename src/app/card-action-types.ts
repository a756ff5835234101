import type { Attachment, ConversationReference } from 'botbuilder';
import type { PhoneCorrectionDecisions } from './decide-phone-correction';
import type { PreloadUseCases } from './preload-teams-port';

export type RefusalReason =
  | 'invalid-data'
  | 'malformed'
  | 'bad-signature'
  | 'expired'
  | 'wrong-user'
  | 'unknown-user'
  | 'stale-card'
  | 'not-admin'
  | 'own-request'
  | 'offer-gone'
  | 'preload-gone'
  | 'preload-expired'
  | 'preload-applied'
  | 'same-admin'
  | 'already-started'
  | 'not-found'
  | 'unknown-wave'
  | 'nothing-ready'
  | 'mode-misconfigured'
  | 'nothing-to-undo';

/** Work the bot does in the same turn after answering the click. */
export interface StartPhoneDialog {
  kind: 'start-phone-dialog';
  waveId: string;
  userId: string;
  mode: 'dispute' | 'add';
  locale: string;
}

export type CardActionResult =
  /**
   * `shared`: the card sits in a channel for several people (the helpdesk's); the answer replaces
   * it for all of them, not only for the clicker.
   */
  | { ok: true; card: Attachment; followUp?: StartPhoneDialog; shared?: boolean }
  /**
   * The clicked card stays as it is (the digest); `send` goes into the same conversation as a new
   * message (an enforcement preview, an undo confirmation) and only the clicker reads `notice`.
   */
  | {
      ok: true;
      card?: undefined;
      notice: string;
      send: Attachment;
      /** Told where `send` went (to update it later). */
      onSent?(place: { reference: Partial<ConversationReference>; activityId: string }): Promise<void>;
    }
  | { ok: false; reason: RefusalReason; card: Attachment }
  /** The card stays as it is (it is shared, e.g. in the admin channel): only the clicker sees `notice`. */
  | { ok: false; reason: RefusalReason; card?: undefined; notice: string };

/**
 * A click on Yes / No, after it was checked (our signed token, clicked by the user it names). It
 * answers only the question waiting in the conversation it was clicked in, and only from the
 * newest card that asked it (`cardId`).
 */
export interface NumberAnswerClick {
  waveId: string;
  userId: string;
  cardId: string;
  yes: boolean;
}

/** What a click needs from the turn it came in (the bot provides it). */
export interface CardActionContext {
  isAdmin(userId: string | undefined): Promise<boolean>;
  /** Approve / Reject on the helpdesk card; without it they are refused. */
  decisions?: PhoneCorrectionDecisions;
  clickerName?: string;
  /** Apply on a phone preload's dry-run card; without it the click is refused. */
  preload?: PreloadUseCases;
  /**
   * Yes / No on the phone dialog's question: answers it if it is the question waiting in the chat
   * the click came from; returns the card that replaces the clicked one, or undefined when not.
   */
  answerNumberQuestion?(click: NumberAnswerClick): Promise<Attachment | undefined>;
}
