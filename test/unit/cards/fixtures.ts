/** Card data used across the card tests, plus a throwaway copy of the cards folder to break on purpose. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AwarenessCardData,
  AwarenessConfirmedCardData,
  CardDataMap,
  CardTemplateName,
  DigestList,
  DigestUser,
  EnforcePlanCardData,
  EnforceUndoCardData,
  MessageCardData,
  NumberConfirmCardData,
  PhoneApprovalCardData,
  PreloadCardData,
  ReadyDigestCardData,
  WaveAnnouncementCardData,
  WaveOverlapCardData,
} from '../../../src/cards';
import { setCardsDirectory, UNREACHABLE_REASONS } from '../../../src/cards';

export const LOCALE_TAGS = ['en', 'da-DK', 'de', 'fr-FR', 'es-419'] as const;

/** A masked number as rollout's maskPhone renders "+45 20123456"; the clear form must never appear. */
export const MASKED_PHONE = '+45 •• •• •4 56';
export const CLEAR_PHONE_DIGITS = '20123456';

export const TOKEN = 'eyJ3IjoicGlsb3QifQ.c2lnbmF0dXJl';

export function awarenessData(overrides: Partial<AwarenessCardData> = {}): AwarenessCardData {
  return {
    token: TOKEN,
    userDisplayName: 'Anna Jensen',
    orgName: 'Contoso',
    enforcementDate: '2026-12-01',
    phone: MASKED_PHONE,
    snoozeAllowed: true,
    snoozeHours: 24,
    helpdeskContact: 'IT Service Desk, ext. 4000',
    ...overrides,
  };
}

export function confirmedData(
  overrides: Partial<AwarenessConfirmedCardData> = {},
): AwarenessConfirmedCardData {
  return { phone: MASKED_PHONE, enforcementDate: '2026-12-01', ...overrides };
}

export function announcementData(
  overrides: Partial<WaveAnnouncementCardData> = {},
): WaveAnnouncementCardData {
  return {
    waveName: 'Pilot: IT department',
    source: { kind: 'entraGroup', groupName: 'SG-MFA-Pilot' },
    userCount: 1234,
    excluded: 0,
    deadline: '2026-12-15',
    startedBy: { name: 'Bo Admin', fromCommandLine: false },
    ...overrides,
  };
}

/** `count` people named "<kind> <n>" (kind "Ready User" → ready0@contoso.example), numbered from `start`. */
export function people(count: number, kind = 'Ready User', start = 0): DigestUser[] {
  const mailbox = kind.split(' ')[0]?.toLowerCase() ?? 'user';
  return Array.from({ length: count }, (_, index) => ({
    displayName: `${kind} ${start + index}`,
    userPrincipalName: `${mailbox}${start + index}@contoso.example`,
  }));
}

/** A digest list as a caller passes it: some users, and the group's size (the users' count unless given). */
export function listOf(users: readonly DigestUser[], total = users.length): DigestList {
  return { users, total };
}

const EMPTY_LIST: DigestList = { users: [], total: 0 };

export function digestData(overrides: Partial<ReadyDigestCardData> = {}): ReadyDigestCardData {
  return {
    waveName: 'Pilot: IT department',
    counts: { targeted: 2, notified: 40, confirmed: 12, ready: 3, noPhone: 2, unreachable: 1 },
    ready: {
      strong: listOf([{ displayName: 'Bea Strong', userPrincipalName: 'bea@contoso.example' }]),
      phoneOnly: listOf([
        { displayName: 'Per Phone', userPrincipalName: 'per@contoso.example' },
        { displayName: 'Ada Phone', userPrincipalName: 'ada@contoso.example' },
      ]),
    },
    attention: {
      unreachable: listOf([
        { displayName: 'Lidia Holloway', userPrincipalName: 'lidia@contoso.example', reason: 'blocked' },
      ]),
      noPhone: listOf([
        { displayName: 'Diego Siciliani', userPrincipalName: 'diego@contoso.example' },
        {
          displayName: 'Nina Malformed',
          userPrincipalName: 'nina@contoso.example',
          reason: 'preloaded number is malformed',
        },
      ]),
    },
    enforceToken: TOKEN,
    ...overrides,
  };
}

/** Nobody ready; only counts and the groups that need attention. */
export function nobodyReadyData(overrides: Partial<ReadyDigestCardData> = {}): ReadyDigestCardData {
  return digestData({
    counts: { targeted: 3, notified: 5, unreachable: 1 },
    ready: { strong: EMPTY_LIST, phoneOnly: EMPTY_LIST },
    attention: {
      unreachable: listOf([
        { displayName: 'Lidia Holloway', userPrincipalName: 'lidia@contoso.example', reason: 'user-gone' },
      ]),
    },
    ...overrides,
  });
}

/** Every list over the cap, every unreachable reason (and one reason that is no code). */
export function fullDigestData(): ReadyDigestCardData {
  const reasons = [...UNREACHABLE_REASONS, 'account disabled'];
  return digestData({
    counts: {
      targeted: 1,
      notified: 900,
      ready: 60,
      noPhone: 25,
      unreachable: 40,
      disputed: 12,
      unresponsive: 30,
    },
    ready: {
      strong: listOf(people(25, 'Ready User'), 30),
      phoneOnly: listOf(people(25, 'Phone User'), 30),
    },
    attention: {
      unreachable: listOf(
        people(reasons.length, 'Gone User').map((user, i) => ({ ...user, reason: reasons[i] })),
        40,
      ),
      noPhone: listOf(people(25, 'Nophone User'), 25),
      disputed: listOf(people(12, 'Disputing User'), 12),
      unresponsive: listOf(people(25, 'Silent User'), 30),
    },
  });
}

export function messageData(overrides: Partial<MessageCardData> = {}): MessageCardData {
  return {
    title: { key: 'help.mfa.title' },
    body: [{ key: 'help.mfa.body' }],
    links: ['mfaOverview', 'commonProblems'],
    ...overrides,
  };
}

/** The helpdesk's card: the new number in clear while waiting, masked once decided. */
export function approvalData(overrides: Partial<PhoneApprovalCardData> = {}): PhoneApprovalCardData {
  return {
    userDisplayName: 'Anna Jensen',
    userPrincipalName: 'anna@contoso.example',
    waveName: 'Pilot: IT department',
    currentPhone: MASKED_PHONE,
    newPhone: '+45 20 98 76 54',
    token: TOKEN,
    ...overrides,
  };
}

/** The phone dialog's question: the clear number, typed by the user, in their own chat. */
export function numberConfirmData(overrides: Partial<NumberConfirmCardData> = {}): NumberConfirmCardData {
  return { number: '+45 20 98 76 54', token: TOKEN, ...overrides };
}

/** 34 users of a new wave are already in Pilot, 12 of them ready; 66 others. */
export function overlapData(overrides: Partial<WaveOverlapCardData> = {}): WaveOverlapCardData {
  return {
    overlap: {
      targeted: 100,
      overlapping: 34,
      alreadyDone: 12,
      waves: [{ waveId: '20261123-pilot-a1b2c3', name: 'Pilot: IT department', users: 34, alreadyDone: 12 }],
      usersInOtherWaves: 0,
      alreadyDoneInOtherWaves: 0,
    },
    token: TOKEN,
    ...overrides,
  };
}

export function preloadData(overrides: Partial<PreloadCardData> = {}): PreloadCardData {
  return {
    fileName: 'phones (Nordics).csv',
    overwrite: false,
    total: 1240,
    counts: {
      add: 1200,
      unchanged: 20,
      change: 6,
      'invalid-number': 8,
      'unknown-user': 4,
      'duplicate-row': 2,
    },
    problems: [
      {
        line: 12,
        user: 'adele@contoso.test',
        decision: 'invalid-number',
        numberProblem: 'too-short',
        usageLocation: 'DK',
      },
      { line: 40, user: 'megan@contoso.test', decision: 'duplicate-row', firstLine: 7 },
      { line: 77, user: 'ghost@contoso.test', decision: 'unknown-user' },
    ],
    problemsTotal: 20,
    stage: { kind: 'preview', token: TOKEN },
    ...overrides,
  };
}

/** Every template with every data variant worth rendering. */
/** A preview as the admin who clicked Enforce sees it: three to enforce, two held back by two gates. */
export function enforcePlanData(overrides: Partial<EnforcePlanCardData> = {}): EnforcePlanCardData {
  return {
    kind: 'preview',
    waveName: 'Pilot: IT department',
    mode: 'ca-group',
    requestedBy: 'Adele Vance',
    toEnforce: listOf(people(3)),
    held: [
      {
        gate: 'no-usable-method',
        list: listOf([{ displayName: 'Diego Siciliani', userPrincipalName: 'diego@contoso.example' }]),
      },
      {
        gate: 'break-glass',
        list: listOf([{ displayName: 'Break Glass', userPrincipalName: 'bg@contoso.example' }]),
      },
    ],
    needsSecondAdmin: false,
    threshold: 50,
    token: TOKEN,
    ...overrides,
  };
}

export function enforceUndoData(overrides: Partial<EnforceUndoCardData> = {}): EnforceUndoCardData {
  return { waveName: 'Pilot: IT department', mode: 'ca-group', enforced: 3, token: TOKEN, ...overrides };
}

export const VARIANTS: { [N in CardTemplateName]: Record<string, CardDataMap[N]> } = {
  awareness: {
    'phone, snooze': awarenessData(),
    'phone, no snooze': awarenessData({ snoozeAllowed: false }),
    'no phone, snooze': awarenessData({ phone: undefined }),
    'no phone, no snooze, no helpdesk': awarenessData({
      phone: undefined,
      snoozeAllowed: false,
      helpdeskContact: undefined,
    }),
    'brief, phone': awarenessData({ brief: true }),
    'brief, no phone, no snooze': awarenessData({ brief: true, phone: undefined, snoozeAllowed: false }),
  },
  'awareness-confirmed': {
    default: confirmedData(),
    'saved at once': confirmedData({ how: 'saved' }),
    'approved by the helpdesk': confirmedData({ how: 'approved' }),
  },
  'wave-announcement': {
    'entra group': announcementData(),
    csv: announcementData({ source: { kind: 'csv', fileName: 'wave-2.csv' } }),
    list: announcementData({ source: { kind: 'list' } }),
  },
  'ready-digest': {
    'ready and attention': digestData(),
    'every list capped, every reason': fullDigestData(),
    'nobody ready, someone unreachable': nobodyReadyData(),
    'empty wave, no enforce': nobodyReadyData({ counts: {}, attention: {}, enforceToken: undefined }),
    'enforced, held back, undo, needs a strong method': digestData({
      counts: { ready: 1, enforced: 4, noPhone: 2 },
      ready: { strong: listOf(people(1)), phoneOnly: EMPTY_LIST },
      needsStrongMethod: listOf(people(2, 'Phone Only')),
      retirementDate: '2027-02-01',
      heldBack: [
        { gate: 'needs-strong-method', total: 2 },
        { gate: 'no-usable-method', total: 2 },
      ],
      undoToken: TOKEN,
    }),
    'last run failed some, changed some, report only': digestData({
      counts: { ready: 3 },
      lastRun: { failed: 1, changed: 2, reportOnly: 3 },
    }),
  },
  message: {
    'help with links': messageData(),
    'literal text, no links': messageData({ title: 'Notice', body: ['Plain words.'], links: undefined }),
  },
  'phone-approval': {
    waiting: approvalData(),
    'waiting, no number before': approvalData({ currentPhone: undefined }),
    'write failed': approvalData({ writeFailed: true }),
    approved: approvalData({
      newPhone: '+45 •• •• •6 54',
      token: undefined,
      decision: { outcome: 'approved', by: 'Bo Admin' },
    }),
    rejected: approvalData({
      newPhone: '+45 •• •• •6 54',
      decision: { outcome: 'rejected', by: 'Bo Admin' },
    }),
    obsolete: approvalData({
      newPhone: '+45 •• •• •6 54',
      token: undefined,
      decision: { outcome: 'obsolete' },
    }),
  },
  'number-confirm': {
    waiting: numberConfirmData(),
    'waiting, foreign number': numberConfirmData({ number: '+49 1512 3456789', foreignCountry: 'DE' }),
    'asked again': numberConfirmData({ retry: true }),
    'answered yes': numberConfirmData({ token: undefined, answer: 'yes' }),
    'answered no': numberConfirmData({ answer: 'no' }),
    'superseded, no buttons': numberConfirmData({ token: undefined }),
  },
  preload: {
    'dry run with Apply': preloadData(),
    'dry run, overwrite, nothing to apply, no problems': preloadData({
      overwrite: true,
      counts: { unchanged: 3 },
      problems: [],
      problemsTotal: 0,
      stage: { kind: 'preview' },
    }),
    applying: preloadData({
      stage: {
        kind: 'applying',
        by: 'Megan Bowen',
        done: 600,
        toApply: 1206,
        outcomes: { added: 590, unchanged: 10 },
      },
    }),
    done: preloadData({
      stage: { kind: 'done', by: 'Megan', outcomes: { added: 1180, unchanged: 20, held: 6, failed: 1 } },
    }),
  },
  'enforce-plan': {
    preview: enforcePlanData(),
    'preview over the threshold, per-user': enforcePlanData({
      mode: 'per-user',
      toEnforce: listOf(people(12), 60),
      needsSecondAdmin: true,
      threshold: 50,
    }),
    'preview, nobody to enforce, report-only': enforcePlanData({
      mode: 'report-only',
      toEnforce: listOf([]),
    }),
    'preview, started': enforcePlanData({
      token: undefined,
      outcome: { kind: 'started', by: 'Adele Vance' },
    }),
    'preview, awaiting approval': enforcePlanData({
      needsSecondAdmin: true,
      token: undefined,
      outcome: { kind: 'awaiting-approval' },
    }),
    'preview, expired': enforcePlanData({ outcome: { kind: 'expired' } }),
    'preview, approved by a second admin': enforcePlanData({
      needsSecondAdmin: true,
      token: undefined,
      outcome: { kind: 'approved', by: 'Megan Bowen' },
    }),
    approval: enforcePlanData({ kind: 'approval', needsSecondAdmin: true, toEnforce: listOf(people(1)) }),
    'approval, approved': enforcePlanData({
      kind: 'approval',
      needsSecondAdmin: true,
      token: undefined,
      outcome: { kind: 'started', by: 'Megan Bowen' },
    }),
  },
  'enforce-undo': {
    asking: enforceUndoData(),
    'asking, one user, per-user': enforceUndoData({ enforced: 1, mode: 'per-user' }),
    undone: enforceUndoData({
      token: undefined,
      outcome: { kind: 'undone', by: 'Adele Vance', restored: 3, failed: 0 },
    }),
    'undone, some failed, one unrecorded': enforceUndoData({
      outcome: { kind: 'undone', by: 'Adele Vance', restored: 2, unrecorded: 1, failed: 1 },
    }),
  },
  'wave-overlap': {
    'one wave, with button': overlapData(),
    'several waves, one other user, no button': overlapData({
      overlap: {
        targeted: 12,
        overlapping: 11,
        alreadyDone: 0,
        waves: [
          { waveId: 'w1', name: 'Pilot', users: 6, alreadyDone: 0 },
          { waveId: 'w2', name: 'Finance', users: 5, alreadyDone: 0 },
        ],
        usersInOtherWaves: 0,
        alreadyDoneInOtherWaves: 0,
      },
      token: undefined,
    }),
  },
};

/** A private copy of `cards/`, active until the returned function restores the real one. */
export function useCardsCopy(): { dir: string; restore: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cards-copy-'));
  cpSync(join(__dirname, '..', '..', '..', 'cards'), dir, { recursive: true });
  setCardsDirectory(dir);
  return {
    dir,
    restore: () => {
      setCardsDirectory(undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** All strings anywhere in a card, joined; for "does the card say X" assertions. */
export function allText(card: unknown): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

type Node = Record<string, unknown>;

/** Every object in the card whose `type` is one of `types`. */
export function nodesOfType(card: unknown, ...types: string[]): Node[] {
  const found: Node[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const node = value as Node;
      if (typeof node.type === 'string' && types.includes(node.type)) found.push(node);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}
