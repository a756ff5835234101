/** What the phone dialog (src/bot/dialogs) and the correction use cases hand each other. */

export interface PhoneDialogOptions {
  waveId: string;
  userId: string;
  locale: string;
  mode: 'dispute' | 'add';
  /** Set after the first round: the usageLocation looked up then (null: none). */
  country?: string | null;
  round?: number;
}

export type PhoneDialogEnd = 'cancelled' | 'gave-up';

export interface PhoneSubmission {
  waveId: string;
  userId: string;
  locale: string;
  /** Graph form, "+45 20123456". Clear text: hand it on, never store or log it. */
  graphNumber: string;
  masked: string;
}
