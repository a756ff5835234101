/**
 * Domain records in, cards out, for the cards the admins and the helpdesk get (a wave's
 * announcement, start and digest; a corrected number to approve): the one place that knows how a
 * wave and a user's record map onto those templates' data. Callers never build card data by hand.
 */
import type { UserStatus, WaveUserRecord } from '../rollout/user-state';
import { startedFromCommandLine, type Wave } from '../rollout/wave';
import {
  DIGEST_ATTENTION_STATUSES,
  type DigestAttentionStatus,
  type NamedUsers,
  type WaveDigest,
} from '../rollout/wave-digest';
import type { WaveOverlap, WaveStartRefusal } from '../rollout/wave-start';
import type {
  DigestAttentionGroup,
  DigestList,
  DigestState,
  EnforceHeldCount,
  EnforceRunCounts,
  PhoneApprovalDecision,
} from './card-data';
import type { CardSettings } from './card-settings';
import { isoDay } from './format';
import { DEFAULT_LOCALE, tp } from './locales';
import { type AdaptiveCardAttachment, renderCard } from './render';
import { overlapAcceptedText, waveStartRefusalText } from './wave-start-text';

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
      userCount: wave.total,
      excluded: input.excluded,
      deadline: isoDay(wave.deadline),
      startedBy: { name: wave.createdBy.name, fromCommandLine: startedFromCommandLine(wave) },
    },
    input.locale ?? DEFAULT_LOCALE,
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

/** Replaces an overlap warning whose button an admin pressed: "Starting Wider with 2 users", who chose it, the numbers. */
export function composeWaveStartAcceptedCard(input: {
  overlap: WaveOverlap;
  waveName: string;
  by: string;
  locale?: string;
}): AdaptiveCardAttachment {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const text = overlapAcceptedText(input, locale);
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

const DIGEST_ATTENTION_GROUP_OF: Record<
  DigestAttentionStatus,
  Exclude<DigestAttentionGroup, 'pendingApproval'>
> = {
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

/** The digest's enforcement part: its buttons' tokens and what the last enforcement held back. */
export interface DigestEnforcement {
  /** Signed for `enforce-wave`: Enforce (when somebody is ready) and Undo (when somebody is enforced). */
  token?: string;
  /** Users held back by the last enforcement, per gate. */
  heldBack?: readonly EnforceHeldCount[];
  /** The last enforcement's failed, changed and report-only counts. */
  lastRun?: EnforceRunCounts;
  /** SMS_VOICE_RETIREMENT_DATE (the digest's phone-only notes say it). */
  retirementDate?: string;
}

/** The admin digest of a wave, from what `readWaveDigest` gathered. */
export function composeDigestCard(input: {
  wave: Wave;
  digest: WaveDigest;
  config: CardSettings;
  locale?: string;
  enforcement?: DigestEnforcement;
}): AdaptiveCardAttachment {
  const enforcement = input.enforcement ?? {};
  const { digest } = input;
  // After the SMS/voice retirement the phone-only ready users need Authenticator or a passkey first.
  const needsStrong = digest.needsStrongMethod;
  const retired = (needsStrong?.total ?? 0) > 0;
  const counts: Partial<Record<DigestState, number>> = {};
  for (const [status, count] of Object.entries(digest.counts) as Array<[UserStatus, number]>) {
    const state = DIGEST_STATE_OF[status];
    if (state && count > 0) counts[state] = count;
  }
  const attention: Partial<Record<DigestAttentionGroup, DigestList>> = {};
  for (const status of DIGEST_ATTENTION_STATUSES) {
    attention[DIGEST_ATTENTION_GROUP_OF[status]] = digestList(digest.attention[status]);
  }
  attention.pendingApproval = digestList(digest.awaitingApproval);
  return renderCard(
    'ready-digest',
    {
      waveName: input.wave.name,
      counts,
      ready: {
        strong: digestList(digest.ready.strong),
        phoneOnly: retired ? { users: [], total: 0 } : digestList(digest.ready['phone-only']),
      },
      attention,
      enforceToken: enforcement.token,
      undoToken: enforcement.token,
      heldBack: enforcement.heldBack,
      lastRun: enforcement.lastRun,
      needsStrongMethod: needsStrong && retired ? digestList(needsStrong) : undefined,
      retirementDate: enforcement.retirementDate,
    },
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
