import type { Config } from '../config';
import type { UserStatus, WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import {
  DIGEST_ATTENTION_STATUSES,
  type DigestAttentionStatus,
  type NamedUsers,
  type WaveDigest,
} from '../rollout/wave-digest';
import type { WaveStartRefusal } from '../rollout/wave-start';
import type {
  CardDataMap,
  CardTemplateName,
  ConfirmedHow,
  DigestAttentionGroup,
  DigestList,
  DigestState,
  LinkName,
  PhoneApprovalDecision,
} from './card-data';
import { helpdeskName } from './helpdesk';
import { DEFAULT_LOCALE, tp } from './locales';
import { type AdaptiveCardAttachment, renderCard } from './render';
import { type Slot, stampCard } from './stamp';
import { isMaskedPhone } from './views/shared';
import { waveStartRefusalText } from './wave-start-text';

/**
 * Domain records in, cards out: the one place that knows how a wave and a user's record map onto
 * each template's data. Callers never build card data by hand.
 */
type CardSettings = Pick<Config, 'ORGANIZATION_NAME' | 'HELPDESK_CONTACT'>;

const isoDay = (timestamp: string) => timestamp.slice(0, 10);
const helpdesk = (config: CardSettings) => config.HELPDESK_CONTACT.trim() || undefined;

interface AwarenessInput {
  record: WaveUserRecord;
  wave: Wave;
  token: string;
  config: CardSettings;
  locale?: string;
  snoozeAllowed?: boolean;
  brief?: boolean;
}

interface ConfirmedInput {
  record: WaveUserRecord;
  wave: Wave;
  config: CardSettings;
  locale?: string;
  how?: ConfirmedHow;
}

/** What a compose function hands to the renderer; exported so tests can render it the slow way. */
export interface CardRequest<N extends CardTemplateName> {
  name: N;
  data: CardDataMap[N];
  locale: string;
}

export function awarenessRequest(input: AwarenessInput): CardRequest<'awareness'> {
  const { record, wave, config } = input;
  return {
    name: 'awareness',
    data: {
      token: input.token,
      userDisplayName: record.displayName,
      orgName: config.ORGANIZATION_NAME,
      enforcementDate: isoDay(wave.deadline),
      phone: record.phoneMasked,
      phoneGivenByUser: record.phoneFrom === 'user' || undefined,
      snoozeAllowed: input.snoozeAllowed ?? false,
      brief: input.brief || undefined,
      helpdeskContact: helpdesk(config),
    },
    locale: input.locale ?? record.locale ?? DEFAULT_LOCALE,
  };
}

/** The awareness card's per-user values; the rest is shared by everyone in the wave with their language. */
const AWARENESS_SLOTS: readonly Slot<'awareness'>[] = [
  { field: 'token' },
  { field: 'userDisplayName' },
  { field: 'phone', accepts: isMaskedPhone },
];

/** Sent to every user of a wave (the hot path of a send): stamped from a cached shape, see stamp.ts. */
export function composeAwarenessCard(input: AwarenessInput): AdaptiveCardAttachment {
  const { name, data, locale } = awarenessRequest(input);
  return stampCard(name, data, locale, AWARENESS_SLOTS);
}

export function confirmedRequest(input: ConfirmedInput): CardRequest<'awareness-confirmed'> {
  return {
    name: 'awareness-confirmed',
    data: {
      phone: input.record.phoneMasked ?? '',
      enforcementDate: isoDay(input.wave.deadline),
      how: input.how,
    },
    locale: input.locale ?? input.record.locale ?? DEFAULT_LOCALE,
  };
}

const CONFIRMED_SLOTS: readonly Slot<'awareness-confirmed'>[] = [{ field: 'phone', accepts: isMaskedPhone }];

export function composeConfirmedCard(input: ConfirmedInput): AdaptiveCardAttachment {
  const { name, data, locale } = confirmedRequest(input);
  return stampCard(name, data, locale, CONFIRMED_SLOTS);
}

export function composeAnnouncementCard(input: {
  wave: Wave;
  excluded: number;
  config: CardSettings;
  locale?: string;
}): AdaptiveCardAttachment {
  const { wave } = input;
  return renderCard(
    'wave-announcement',
    {
      waveName: wave.name,
      source:
        wave.source.kind === 'group'
          ? { kind: 'entraGroup', groupName: wave.source.groupName ?? wave.source.groupId }
          : { kind: 'csv', fileName: wave.source.fileName },
      userCount: wave.total - input.excluded,
      deadline: isoDay(wave.deadline),
      announcedBy: wave.createdBy.name,
    },
    input.locale ?? DEFAULT_LOCALE,
  );
}

const DIGEST_ATTENTION_GROUP_OF: Record<DigestAttentionStatus, DigestAttentionGroup> = {
  unreachable: 'unreachable',
  'no-phone': 'noPhone',
  disputed: 'disputed',
  unresponsive: 'unresponsive',
};

const DIGEST_STATE_OF: Partial<Record<UserStatus, DigestState>> = {
  targeted: 'targeted',
  notified: 'notified',
  snoozed: 'snoozed',
  confirmed: 'confirmed',
  disputed: 'disputed',
  corrected: 'corrected',
  ready: 'ready',
  enforced: 'enforced',
  'no-phone': 'noPhone',
  unreachable: 'unreachable',
  unresponsive: 'unresponsive',
  excluded: 'excluded',
};

const digestList = (named: NamedUsers): DigestList => ({
  users: named.users.map((user) => ({
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    reason: user.reason,
  })),
  total: named.total,
});

/** The admin digest of a wave, from what `readWaveDigest` gathered. */
export function composeDigestCard(input: {
  wave: Wave;
  digest: WaveDigest;
  config: CardSettings;
  locale?: string;
}): AdaptiveCardAttachment {
  const { digest } = input;
  const counts: Partial<Record<DigestState, number>> = {};
  for (const [status, count] of Object.entries(digest.counts) as Array<[UserStatus, number]>) {
    const state = DIGEST_STATE_OF[status];
    if (state && count > 0) counts[state] = count;
  }
  const attention: Partial<Record<DigestAttentionGroup, DigestList>> = {};
  for (const status of DIGEST_ATTENTION_STATUSES) {
    attention[DIGEST_ATTENTION_GROUP_OF[status]] = digestList(digest.attention[status]);
  }
  return renderCard(
    'ready-digest',
    {
      waveName: input.wave.name,
      counts,
      ready: {
        strong: digestList(digest.ready.strong),
        phoneOnly: digestList(digest.ready['phone-only']),
      },
      attention,
    },
    input.locale ?? DEFAULT_LOCALE,
  );
}

export type MessageKey =
  | 'nothingToDo'
  | 'refusedWrongUser'
  | 'refusedExpired'
  | 'refusedInvalid'
  | 'adminOnly'
  | 'waveStarting'
  | 'noWaves'
  | 'waveList'
  | 'help'
  | 'cardReplaced'
  | 'managerEscalation'
  | 'snoozeLimit'
  | 'strongMethodThanks'
  | 'waveUsage'
  | 'myStatus'
  | 'myStatusNone'
  | 'phoneStillWaiting'
  | 'phoneDisputeStarted'
  | 'phoneAddStarted'
  | 'enforceNotYet'
  | 'approvalGone'
  | 'waveChecking'
  | 'waveStartFailed'
  | 'noWaveWithId'
  | 'messageTooLong';

const MESSAGE_LINKS: Partial<Record<MessageKey, LinkName[]>> = {
  strongMethodThanks: ['mySecurityInfo'],
  help: ['mfaOverview', 'mySecurityInfo', 'authenticatorApp', 'commonProblems'],
};

/** A short card whose title and body come from the `message.<key>.*` locale strings. */
export function composeMessageCard(
  key: MessageKey,
  input: { config: CardSettings; locale?: string; params?: Record<string, string | number> },
): AdaptiveCardAttachment {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const params = {
    helpdesk: helpdeskName(locale, input.config.HELPDESK_CONTACT),
    ...input.params,
  };
  return renderCard(
    'message',
    {
      title: { key: `message.${key}.title`, params },
      body: [{ key: `message.${key}.body`, params }],
      links: MESSAGE_LINKS[key],
    },
    locale,
  );
}

/** The answer to a wave start that created nothing; an overlap warning carries its button's token. */
export function composeWaveStartRefusalCard(
  refusal: WaveStartRefusal,
  input: { locale?: string; token?: string },
): AdaptiveCardAttachment {
  const locale = input.locale ?? DEFAULT_LOCALE;
  if (refusal.kind === 'overlap')
    return renderCard('wave-overlap', { overlap: refusal.overlap, token: input.token }, locale);
  const text = waveStartRefusalText(refusal, locale);
  return renderCard('message', { title: text.title, body: text.paragraphs }, locale);
}

/** "Wave Pilot is starting", saying how many users it leaves out because another active wave has them. */
export function composeWaveStartingCard(input: { wave: Wave; locale?: string }): AdaptiveCardAttachment {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const params = { wave: input.wave.name };
  const leftOut = input.wave.leftOut ?? 0;
  return renderCard(
    'message',
    {
      title: { key: 'message.waveStarting.title', params },
      body: [
        { key: 'message.waveStarting.body', params },
        ...(leftOut ? [tp(locale, 'waveStart.leftOut', leftOut)] : []),
      ],
    },
    locale,
  );
}

/** A short card from the `notice.<key>.title` / `.body` strings (answers to a click, e.g. a snooze). */
export function composeNoticeCard(
  key: 'snoozed',
  input: { config: CardSettings; locale?: string },
): AdaptiveCardAttachment {
  return renderCard(
    'message',
    { title: { key: `notice.${key}.title` }, body: [{ key: `notice.${key}.body` }] },
    input.locale ?? DEFAULT_LOCALE,
  );
}

/**
 * The helpdesk's approval card for a corrected number. `newPhone` is the clear number (formatted
 * for reading) while the request waits, and the masked one once `decision` is set.
 */
export function composePhoneApprovalCard(input: {
  record: WaveUserRecord;
  wave: Wave;
  newPhone: string;
  token?: string;
  decision?: PhoneApprovalDecision;
  writeFailed?: boolean;
  locale?: string;
}): AdaptiveCardAttachment {
  const { record } = input;
  return renderCard(
    'phone-approval',
    {
      userDisplayName: record.displayName,
      userPrincipalName: record.userPrincipalName,
      waveName: input.wave.name,
      currentPhone: record.phoneMasked,
      newPhone: input.newPhone,
      token: input.decision ? undefined : input.token,
      decision: input.decision,
      writeFailed: input.writeFailed,
    },
    input.locale ?? input.wave.locale ?? DEFAULT_LOCALE,
  );
}

/**
 * The phone dialog's "You typed … Is that right?" with Yes / No (while `token` is given), or with
 * the answer once given. `number` is the clear number formatted for reading: only for the user's own chat.
 */
export function composeNumberConfirmCard(input: {
  number: string;
  foreignCountry?: string;
  retry?: boolean;
  token?: string;
  answer?: 'yes' | 'no';
  locale: string;
}): AdaptiveCardAttachment {
  const { locale, ...data } = input;
  return renderCard('number-confirm', data, locale);
}
