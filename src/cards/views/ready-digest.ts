import { DIGEST_NAMES_PER_LIST } from '../../rollout/wave-digest';
import {
  DIGEST_ATTENTION_GROUPS,
  DIGEST_STATES,
  type DigestAttentionGroup,
  type DigestList,
  type DigestUser,
  type ReadyDigestCardData,
  UNREACHABLE_REASONS,
  type UnreachableReason,
} from '../card-data';
import { gateText } from '../enforcement-gate-text';
import { formatDate, formatNumber } from '../format';
import { type PluralKey, resolveLocale, t, tp } from '../locales';
import { assertToken, SMS_VOICE_RETIREMENT, waveSizeText } from './shared';

/** Names the digest shows per group at most; the others are counted ("and 12 more"). */
export const MAX_DIGEST_NAMES = DIGEST_NAMES_PER_LIST;

/**
 * Teams refuses messages much above 28 KB. Names are the only part of the digest that grows with
 * the data, so they share a byte budget; a group whose names are very long shows fewer of them and
 * counts the rest. The measured overhead is the JSON around one name (RichTextBlock and TextRuns).
 */
const NAMES_BUDGET_BYTES = 16 * 1024;
const PERSON_OVERHEAD_BYTES = 200;

/** Between a name and what follows it on the same line; a line per person keeps narrow channel cards readable. */
const SEPARATOR = ' · ';

function isUnreachableReason(reason: string): reason is UnreachableReason {
  return (UNREACHABLE_REASONS as readonly string[]).includes(reason);
}

/** A delivery code in the reader's words; any other reason (e.g. why someone was excluded) as it was recorded. */
export function reasonText(locale: string, reason: string): string {
  return isUnreachableReason(reason) ? t(locale, `digest.reason.${reason}`) : reason;
}

function personView(locale: string, user: DigestUser) {
  const reason = user.reason?.trim() ? reasonText(locale, user.reason.trim()) : '';
  return {
    name: user.displayName,
    // An enforcement plan knows display names only: then the line is the name alone.
    upn: user.userPrincipalName ? `${SEPARATOR}${user.userPrincipalName}` : '',
    hasReason: reason !== '',
    reason: reason ? `${SEPARATOR}${reason}` : '',
  };
}

type PersonView = ReturnType<typeof personView>;

function personBytes(person: PersonView): number {
  return PERSON_OVERHEAD_BYTES + Buffer.byteLength(person.name + person.upn + person.reason, 'utf8');
}

/** The first names in alphabetical order that fit the list's share of the budget, at most MAX_DIGEST_NAMES. */
export function namesThatFit(
  locale: string,
  users: readonly DigestUser[],
  budgetBytes: number,
): PersonView[] {
  const language = resolveLocale(locale);
  const sorted = [...users].sort((a, b) =>
    a.displayName.localeCompare(b.displayName, language, { numeric: true }),
  );
  const shown: PersonView[] = [];
  let used = 0;
  for (const user of sorted.slice(0, MAX_DIGEST_NAMES)) {
    const person = personView(locale, user);
    used += personBytes(person);
    if (used > budgetBytes) break;
    shown.push(person);
  }
  return shown;
}

interface ListSpec {
  /** Names the counted heading, `digest.list.<name>` ("3 users could not be reached"). */
  name: 'readyStrong' | 'readyPhoneOnly' | 'needsStrongMethod' | 'heldBack' | DigestAttentionGroup;
  hint?: string;
  list: DigestList;
}

/** The helpdesk's queue has its own keys (`pendingApproval.*`); every other group is `digest.<part>.<group>`. */
function listKey(name: Exclude<ListSpec['name'], 'heldBack'>): PluralKey {
  if (name === 'needsStrongMethod') return 'enforce.card.digest.needsStrongMethod';
  return name === 'pendingApproval' ? 'pendingApproval.digest.list' : `digest.list.${name}`;
}

function hintKey(group: DigestAttentionGroup): PluralKey {
  return group === 'pendingApproval' ? 'pendingApproval.digest.hint' : `digest.hint.${group}`;
}

function listView(locale: string, spec: ListSpec, budgetBytes: number, heading?: string) {
  const people = namesThatFit(locale, spec.list.users, budgetBytes);
  const more = Math.max(spec.list.total - people.length, 0);
  return {
    heading: heading ?? (spec.name === 'heldBack' ? '' : tp(locale, listKey(spec.name), spec.list.total)),
    hasHint: spec.hint !== undefined,
    hint: spec.hint ?? '',
    people,
    hasMore: more > 0,
    more: tp(locale, 'digest.more', more),
  };
}

/** What `cards/ready-digest.json` binds to. */
export function readyDigestView(data: ReadyDigestCardData, locale: string) {
  if (data.enforceToken !== undefined) assertToken('ready-digest', data.enforceToken);
  if (data.undoToken !== undefined) assertToken('ready-digest', data.undoToken);
  const { ready } = data;
  // Ready users who need a strong method first (after the SMS/voice retirement) are not enforceable.
  const readyTotal = Math.max(
    (data.counts.ready ?? 0) - (data.needsStrongMethod?.total ?? 0),
    ready.strong.total + ready.phoneOnly.total,
  );
  const anyReady = readyTotal > 0;
  const counts = DIGEST_STATES.flatMap((state) => {
    const count = data.counts[state];
    return count === undefined
      ? []
      : [{ label: t(locale, `state.${state}`), value: formatNumber(locale, count) }];
  });
  const waveTotal = Object.values(data.counts).reduce((sum, count) => sum + (count ?? 0), 0);

  const readySpecs: ListSpec[] = [
    { name: 'readyStrong' as const, list: ready.strong },
    {
      name: 'readyPhoneOnly' as const,
      hint: tp(locale, 'digest.phoneOnlyNote', ready.phoneOnly.total, {
        retirementDate: formatDate(locale, data.retirementDate ?? SMS_VOICE_RETIREMENT),
      }),
      list: ready.phoneOnly,
    },
  ].filter((spec) => spec.list.total > 0);
  const needsStrong = data.needsStrongMethod;
  const attentionSpecs: ListSpec[] = [
    ...(needsStrong && needsStrong.total > 0
      ? [
          {
            name: 'needsStrongMethod' as const,
            hint: tp(locale, 'enforce.card.digest.needsStrongMethodHint', needsStrong.total, {
              retirementDate: formatDate(locale, data.retirementDate ?? SMS_VOICE_RETIREMENT),
            }),
            list: needsStrong,
          },
        ]
      : []),
    ...DIGEST_ATTENTION_GROUPS.flatMap((group) => {
      const list = data.attention[group];
      return list && list.total > 0
        ? [{ name: group, hint: tp(locale, hintKey(group), list.total), list }]
        : [];
    }),
  ];
  const enforced = data.counts.enforced ?? 0;
  const heldBack = (data.heldBack ?? []).filter((held) => held.total > 0);
  const heldTotal = heldBack.reduce((sum, held) => sum + held.total, 0);
  const run = data.lastRun;
  const runLines = run
    ? [
        ...(run.failed > 0 ? [tp(locale, 'enforce.card.digest.failed', run.failed)] : []),
        ...(run.changed > 0 ? [tp(locale, 'enforce.card.digest.changed', run.changed)] : []),
        ...(run.reportOnly > 0 ? [tp(locale, 'enforce.card.digest.reportOnly', run.reportOnly)] : []),
      ]
    : [];
  // Every group gets the same share: a flood of long names in one cannot push the others off the card.
  const share = NAMES_BUDGET_BYTES / Math.max(readySpecs.length + attentionSpecs.length, 1);

  const sections = [
    ...(anyReady
      ? [
          {
            heading: t(locale, 'digest.readyHeading'),
            hasSummary: true,
            summary: tp(locale, 'digest.readySummary', readyTotal),
            lists: readySpecs.map((spec) => listView(locale, spec, share)),
          },
        ]
      : []),
    ...(enforced > 0 || heldTotal > 0 || runLines.length > 0
      ? [
          {
            heading: t(locale, 'enforce.card.digest.heading'),
            hasSummary: true,
            summary: [
              ...(enforced > 0 ? [tp(locale, 'enforce.card.digest.enforced', enforced)] : []),
              ...runLines,
              ...(heldTotal > 0 ? [tp(locale, 'enforce.card.digest.heldBack', heldTotal)] : []),
            ].join(' '),
            // Counts only, no names: the preview named them; "and N more" would read as a missing list.
            lists: heldBack.map((held) => ({
              ...listView(
                locale,
                { name: 'heldBack', list: { users: [], total: held.total } },
                share,
                tp(locale, 'enforce.card.heldGate', held.total, { gate: gateText(locale, held.gate) }),
              ),
              hasMore: false,
            })),
          },
        ]
      : []),
    ...(attentionSpecs.length > 0
      ? [
          {
            heading: t(locale, 'digest.attentionHeading'),
            hasSummary: false,
            summary: '',
            lists: attentionSpecs.map((spec) => listView(locale, spec, share)),
          },
        ]
      : []),
  ];

  return {
    lang: resolveLocale(locale),
    waveName: data.waveName,
    anyReady,
    hasCounts: counts.length > 0,
    counts,
    hasTargeted: data.counts.targeted !== undefined && data.counts.targeted > 0,
    sections,
    canEnforce: data.enforceToken !== undefined && anyReady,
    enforceToken: data.enforceToken ?? '',
    canUndo: data.undoToken !== undefined && (data.counts.enforced ?? 0) > 0,
    undoToken: data.undoToken ?? '',
    text: {
      fallbackText: anyReady
        ? tp(locale, 'digest.fallbackText', readyTotal, { wave: data.waveName })
        : t(locale, 'digest.fallbackTextNoneReady', { wave: data.waveName }),
      heading: t(locale, anyReady ? 'digest.heading' : 'digest.headingNoneReady'),
      noneReady: t(locale, 'digest.noneReady'),
      countsHeading: t(locale, 'digest.countsHeading'),
      total: t(locale, 'digest.total', { users: waveSizeText(locale, waveTotal, data.counts.excluded ?? 0) }),
      targetedNote: t(locale, 'digest.targetedNote', { label: t(locale, 'state.targeted') }),
      enforce: tp(locale, 'action.enforce', readyTotal),
      undo: t(locale, 'enforce.card.digest.undo'),
    },
  };
}
