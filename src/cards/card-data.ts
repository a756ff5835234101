import type { EnforcementGate } from '../rollout/enforcement-gates';
import type { PhoneProblem } from '../rollout/phone-number';
import {
  PRELOAD_DECISIONS,
  PRELOAD_OUTCOMES,
  type PreloadDecision,
  type PreloadOutcome,
} from '../rollout/preload-plan';
import type { WaveOverlap } from '../rollout/wave-start';

/**
 * The data contract of every card template: what a caller (bot/, queue/) hands to `renderCard`.
 * Everything here is plain data in domain words; the renderer turns it into localised text, so no
 * caller ever writes a human sentence or a template expression.
 *
 * User-supplied strings (display names, wave and group names) are shown literally: they are never
 * evaluated as templates, never parsed as Markdown, and `{...}` / `${...}` in them stays as typed.
 */

/** A calendar date as `YYYY-MM-DD`. Shown date-only in the reader's language, never shifted by time zones. */
export type IsoDate = string;

/** Every verb a card can send back. The bot routes on these; the card data never carries other verbs. */
export const CARD_VERBS = {
  phoneConfirm: 'phone.confirm',
  phoneDispute: 'phone.dispute',
  phoneAdd: 'phone.add',
  reminderSnooze: 'reminder.snooze',
  waveEnforce: 'wave.enforce',
  phoneApprove: 'phone.approve',
  phoneReject: 'phone.reject',
  /** Yes / No to "You typed +45 20 12 34 56. Is that right?" in the phone dialog. */
  numberYes: 'phone.number.yes',
  numberNo: 'phone.number.no',
  /** The admin accepts an overlap warning: start the wave with the users no active wave has. */
  waveStartOthers: 'wave.startOthers',
  /** Apply on a phone preload's dry-run card: write the numbers it counted. */
  preloadApply: 'preload.apply',
  /** The digest's Undo: asks to confirm undoing the wave's enforcement. */
  waveUndo: 'wave.undo',
  /** Confirm on an enforcement preview. */
  enforceConfirm: 'enforce.confirm',
  /** Approve on the second admin's enforcement card (four eyes). */
  enforceApprove: 'enforce.approve',
  /** Undo on the undo confirmation. */
  enforceUndo: 'enforce.undo',
} as const;

export type CardVerb = (typeof CARD_VERBS)[keyof typeof CARD_VERBS];

/**
 * What a click sends back. Action.Execute carries `{ token }` as its data and the verb beside it;
 * the Action.Submit fallback (clients without Universal Actions) carries both in its data.
 */
export interface CardActionData {
  verb: CardVerb;
  /** Opaque, signed by the caller; the card only carries it. */
  token: string;
}

/** 1:1 card to an end user: what changes, why, and the one thing they need to do. */
export interface AwarenessCardData {
  /** Opaque action token for every button on this card. */
  token: string;
  /** Shown in the greeting. */
  userDisplayName: string;
  /** The organisation that asks for MFA, e.g. "Contoso". */
  orgName: string;
  /** The day MFA becomes required for this user. */
  enforcementDate: IsoDate;
  /**
   * The number IT preloaded, ALREADY MASKED by the caller (rollout's `maskPhone`, e.g.
   * "+45 •• •• •5 67"). Absent when nothing was preloaded: the card then offers the registration
   * path instead. The renderer refuses a value that still shows more than four digits.
   */
  phone?: string;
  /** The number is one the user gave (a correction), not IT's preload: the card says so. */
  phoneGivenByUser?: boolean;
  /** Show "Remind me …" (reminder policy decides; e.g. false on the last reminder). */
  snoozeAllowed: boolean;
  /** How long a snooze waits (SNOOZE_HOURS): the button says when the card comes back. */
  snoozeHours: number;
  /**
   * A card that replaces one the user has already read (a correction was cancelled, rejected or
   * could not be saved): only what they need to do and the buttons, not the whole explanation again.
   */
  brief?: boolean;
  /** How to reach the helpdesk, as people should read it ("IT Service Desk, ext. 4000"). Absent: a generic phrase. */
  helpdeskContact?: string;
}

/** How a number came to be confirmed: the final card says what happened. */
export type ConfirmedHow =
  /** The user clicked "Yes, that's my number" on the awareness card (the card is replaced). */
  | 'confirmed'
  /** The user typed a number and said yes to it; the app saved it at once (policy self-service). */
  | 'saved'
  /** The user typed a number and said yes to it; the helpdesk approved it and it was saved. */
  | 'approved';

/** The last card of the phone path, once the number is confirmed. Short; no buttons that act again. */
export interface AwarenessConfirmedCardData {
  /** The confirmed number, masked as on the awareness card. */
  phone: string;
  enforcementDate: IsoDate;
  /** Default `confirmed`. */
  how?: ConfirmedHow;
}

/** Where a wave's members came from. */
export type WaveSource =
  | { kind: 'entraGroup'; groupName: string }
  | { kind: 'csv'; fileName: string }
  | { kind: 'list' };

/** Posted in the admin channel when a wave is announced. */
export interface WaveAnnouncementCardData {
  waveName: string;
  source: WaveSource;
  /** Every user the wave holds, the excluded ones included (as the digest counts them). */
  userCount: number;
  /** Of them, excluded (EXCLUDED_USER_IDS, disabled accounts): no card. */
  excluded: number;
  deadline: IsoDate;
  /** Who started it: an admin's display name, or the shell's user when it came from the CLI. */
  startedBy: { name: string; fromCommandLine: boolean };
}

/** The per-user states an admin digest can count, in the order the digest lists them. */
export const DIGEST_STATES = [
  'targeted',
  'notified',
  'snoozed',
  'reminded',
  'confirmed',
  'disputed',
  'corrected',
  'ready',
  'enforced',
  'noPhone',
  'unreachable',
  'unresponsive',
  'excluded',
] as const;

export type DigestState = (typeof DIGEST_STATES)[number];

/**
 * The groups of users the digest names because an admin may have to act, in the order shown.
 * pendingApproval: a number they gave waits for the helpdesk (apart from noPhone and disputed).
 */
export const DIGEST_ATTENTION_GROUPS = [
  'pendingApproval',
  'unreachable',
  'noPhone',
  'disputed',
  'unresponsive',
] as const;

export type DigestAttentionGroup = (typeof DIGEST_ATTENTION_GROUPS)[number];

/** Why a user could not be reached, as delivery records it; the digest says each in the reader's words. */
export const UNREACHABLE_REASONS = [
  'blocked',
  'app-blocked',
  'not-installed',
  'user-gone',
  'forbidden',
  'bad-request',
  'retries-exhausted',
] as const;

export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

export interface DigestUser {
  displayName: string;
  userPrincipalName: string;
  /** An `UNREACHABLE_REASONS` code (said in words) or any other text, e.g. an exclusion reason (shown as it is). */
  reason?: string;
}

/** Some users of one group and how many it has: the card names a few and says "and N more". */
export interface DigestList {
  users: readonly DigestUser[];
  total: number;
}

/** Admin digest: where a wave stands, who can be enforced now, and who needs an admin's attention. */
export interface ReadyDigestCardData {
  waveName: string;
  /** Counts per state; only the states present are listed (a 0 is shown, an absent key is not). */
  counts: Partial<Record<DigestState, number>>;
  /** Ready users by sign-in method: phone-only users lose SMS and voice codes in February 2027. */
  ready: { strong: DigestList; phoneOnly: DigestList };
  /** Groups an admin may have to act on; an absent or empty group is left out. */
  attention: Partial<Record<DigestAttentionGroup, DigestList>>;
  /** When present, the card offers "Enforce MFA for N users" (verb `wave.enforce`) carrying this token. */
  enforceToken?: string;
  /**
   * After Microsoft-provided SMS and voice retire: users ready on the phone alone, who cannot be
   * enforced until they add Authenticator or a passkey ("needs Authenticator or passkey").
   */
  needsStrongMethod?: DigestList;
  /** The day Microsoft-provided SMS and voice retire (SMS_VOICE_RETIREMENT_DATE); default 2027-02-01. */
  retirementDate?: IsoDate;
  /** Users the last enforcement held back, per gate. */
  heldBack?: readonly EnforceHeldCount[];
  /** What the last enforcement's job did beside enforcing (so far, while it runs). */
  lastRun?: EnforceRunCounts;
  /** When present and somebody is enforced, the card offers "Undo enforcement" (verb `wave.undo`). */
  undoToken?: string;
}

/** How a tenant enforces MFA (ENFORCEMENT_MODE). */
export type EnforcementModeName = 'ca-group' | 'per-user' | 'report-only';

/** A gate (said in words by src/cards/enforcement-gate-text.ts) and how many it held back. */
export interface EnforceHeldCount {
  gate: EnforcementGate;
  total: number;
}

/**
 * `failed`: Entra ID refused (still not enforced); `changed`: no longer enforceable when the job
 * reached them; `reportOnly`: a report-only run would have enforced them (nothing written).
 */
export interface EnforceRunCounts {
  failed: number;
  changed: number;
  reportOnly: number;
}

/** The users one gate held back, a few named with the detail of why. */
export interface EnforceHeldGroup {
  gate: EnforcementGate;
  list: DigestList;
}

/** What became of an enforcement plan, as its cards say it once clicked. */
export type EnforcePlanOutcome =
  /** Confirmed (or approved) by `by`: the job runs. */
  | { kind: 'started'; by: string }
  /** On the requester's preview: a second admin approved it, the job runs. */
  | { kind: 'approved'; by: string }
  /** Confirmed by the requester; a second admin must approve in the admin channel. */
  | { kind: 'awaiting-approval' }
  /** Not confirmed (or approved) in time: a new Enforce click makes a fresh plan. */
  | { kind: 'expired' };

/**
 * An enforcement plan: `preview` to the admin who clicked Enforce (Confirm), `approval` in the admin
 * channel for a second admin when it is over the threshold (Approve; the requester cannot).
 */
export interface EnforcePlanCardData {
  kind: 'preview' | 'approval';
  waveName: string;
  mode: EnforcementModeName;
  /** The admin who asked for it (display name). */
  requestedBy: string;
  toEnforce: DigestList;
  held: readonly EnforceHeldGroup[];
  /** Over ENFORCE_APPROVAL_THRESHOLD: a second admin must approve before it starts. */
  needsSecondAdmin: boolean;
  threshold: number;
  /** While it can be clicked: Confirm (`enforce.confirm`) or Approve (`enforce.approve`) carries it. */
  token?: string;
  outcome?: EnforcePlanOutcome;
}

/** Undoing a wave's enforcement: asked first (Undo carries `token`), then what was undone. */
export interface EnforceUndoCardData {
  waveName: string;
  mode: EnforcementModeName;
  /** Users enforced in the wave now. */
  enforced: number;
  token?: string;
  /**
   * `restored`: put back as recorded; `unrecorded`: enforced without a record of before (not by this
   * bot's job), left as they are; `failed`: Graph refused, still enforced.
   */
  outcome?: { kind: 'undone'; by: string; restored: number; unrecorded?: number; failed: number };
}

/** A locale string by key, with its parameters; resolved in the reader's language. */
export interface LocaleText {
  key: string;
  params?: Record<string, string | number>;
}

/** Literal text (already localised by the caller) or a locale key. Literal text is shown as typed. */
export type CardText = string | LocaleText;

/** Names of the links in `cards/links.json`. */
export const LINK_NAMES = [
  'mySecurityInfo',
  'setUpSecurityInfo',
  'authenticatorApp',
  'passkeys',
  'commonProblems',
  'mfaOverview',
] as const;

export type LinkName = (typeof LINK_NAMES)[number];

/** A small card for help answers and notices. */
export interface MessageCardData {
  title: CardText;
  /** Paragraphs, in order. */
  body: readonly CardText[];
  /** Links from `cards/links.json`, labelled in the reader's language. */
  links?: readonly LinkName[];
}

/** How the helpdesk decided on a corrected number; `by` is the admin's display name. */
export type PhoneApprovalDecision =
  | { outcome: 'approved' | 'rejected'; by: string }
  /** The user's rollout state moved on (e.g. they were excluded): nothing was written. */
  | { outcome: 'obsolete' };

/**
 * Admin channel: a user gave a new mobile number and policy wants the helpdesk to approve it. The
 * helpdesk must see the new number to verify it; once decided, the card shows it masked only.
 */
export interface PhoneApprovalCardData {
  userDisplayName: string;
  userPrincipalName: string;
  waveName: string;
  /** The number on the account now, MASKED; absent when there is none. */
  currentPhone?: string;
  /**
   * The new number. While waiting for a decision: in clear, as people read it ("+45 20 12 34 56").
   * Once decided (`decision` present): MASKED, the renderer refuses anything else.
   */
  newPhone: string;
  /** Present while waiting: Approve (`phone.approve`) and Reject (`phone.reject`) carry it. */
  token?: string;
  decision?: PhoneApprovalDecision;
  /** The last approval could not be written to Entra ID; the buttons stay for another try. */
  writeFailed?: boolean;
}

/**
 * The phone dialog's question "You typed +45 20 12 34 56. Is that right?" with Yes / No buttons,
 * sent to the user's own 1:1 chat only (the one place the clear number may be shown: they typed it).
 */
export interface NumberConfirmCardData {
  /** The typed number, formatted for reading ("+45 20 12 34 56"). */
  number: string;
  /** The number's country (ISO 3166 alpha-2) when it is not the user's own: the question names it. */
  foreignCountry?: string;
  /** The last answer was neither yes nor no: the question asks plainly for one. */
  retry?: boolean;
  /** While waiting: Yes (`phone.number.yes`) and No (`phone.number.no`) carry it. */
  token?: string;
  /** Once answered: the card shows the answer and no buttons. */
  answer?: 'yes' | 'no';
}

/**
 * Admin chat: a wave start was refused because some of its users are already in an active wave.
 * With a token, offers to start the wave with the others (verb `wave.startOthers`).
 */
export interface WaveOverlapCardData {
  overlap: WaveOverlap;
  token?: string;
}

/** A preload row's decision, as the dry run made it. */
export const PRELOAD_CARD_DECISIONS = PRELOAD_DECISIONS;
export type PreloadCardDecision = PreloadDecision;

/** Why a number was not read. */
export type PreloadCardNumberProblem = PhoneProblem;

/** What the apply did per user, counted as it goes. */
export const PRELOAD_CARD_OUTCOMES = PRELOAD_OUTCOMES;
export type PreloadCardOutcome = PreloadOutcome;

/** One row the admin should look at, by its line in the file. Never a number, not even masked. */
export interface PreloadCardProblem {
  line: number;
  /** The user as the file names them (UPN or object id), shown as typed. */
  user: string;
  decision: PreloadCardDecision;
  /** invalid-number: why, and the country it was read against (the user's usageLocation). */
  numberProblem?: PreloadCardNumberProblem;
  usageLocation?: string;
  /** duplicate-row: the line that named the user first. */
  firstLine?: number;
}

/** Where a phone preload stands: the card is one message, updated in place from dry run to result. */
export type PreloadCardStage =
  /** The dry run. `token`: Apply is offered (absent: nothing to apply). */
  | { kind: 'preview'; token?: string }
  | {
      kind: 'applying';
      by: string;
      done: number;
      toApply: number;
      outcomes: Partial<Record<PreloadCardOutcome, number>>;
    }
  | { kind: 'done'; by: string; outcomes: Partial<Record<PreloadCardOutcome, number>> };

/** Admin 1:1 chat: a phone preload sent as a CSV, from its dry run to its result. */
export interface PreloadCardData {
  fileName: string;
  /** Different existing numbers will be replaced (the admin asked for it). */
  overwrite: boolean;
  /** Rows read. */
  total: number;
  counts: Partial<Record<PreloadCardDecision, number>>;
  /** The first rows that need a look, in file order. */
  problems: readonly PreloadCardProblem[];
  /** How many rows need a look in all (the report lists them). */
  problemsTotal: number;
  stage: PreloadCardStage;
}

/** Template file name (without `.json`) → the data it needs. */
export interface CardDataMap {
  awareness: AwarenessCardData;
  'awareness-confirmed': AwarenessConfirmedCardData;
  'wave-announcement': WaveAnnouncementCardData;
  'ready-digest': ReadyDigestCardData;
  message: MessageCardData;
  'phone-approval': PhoneApprovalCardData;
  'number-confirm': NumberConfirmCardData;
  'wave-overlap': WaveOverlapCardData;
  preload: PreloadCardData;
  'enforce-plan': EnforcePlanCardData;
  'enforce-undo': EnforceUndoCardData;
}

export type CardTemplateName = keyof CardDataMap;

export const CARD_TEMPLATE_NAMES: readonly CardTemplateName[] = [
  'awareness',
  'awareness-confirmed',
  'wave-announcement',
  'ready-digest',
  'message',
  'phone-approval',
  'number-confirm',
  'wave-overlap',
  'preload',
  'enforce-plan',
  'enforce-undo',
];
