import type { DigestList, EnforcePlanCardData } from '../card-data';
import { gateText } from '../enforcement-gate-text';
import { resolveLocale, t, tp } from '../locales';
import { modeText } from './enforce-text';
import { namesThatFit } from './ready-digest';
import { assertToken } from './shared';

/** Names a plan card shows per list share; like the digest, long lists are counted ("and 12 more"). */
const NAMES_BUDGET_BYTES = 16 * 1024;

function listView(locale: string, heading: string | undefined, list: DigestList, budgetBytes: number) {
  const people = namesThatFit(locale, list.users, budgetBytes);
  const more = Math.max(list.total - people.length, 0);
  return {
    hasHeading: heading !== undefined,
    heading: heading ?? '',
    people,
    hasMore: more > 0,
    more: tp(locale, 'digest.more', more),
  };
}

function outcomeText(data: EnforcePlanCardData, locale: string): string {
  const outcome = data.outcome;
  if (!outcome) return '';
  switch (outcome.kind) {
    case 'started':
      return data.kind === 'approval'
        ? t(locale, 'enforce.card.outcome.approved', { admin: outcome.by })
        : t(locale, 'enforce.card.outcome.started', { admin: outcome.by });
    case 'approved':
      return t(locale, 'enforce.card.outcome.approved', { admin: outcome.by });
    case 'awaiting-approval':
      return t(locale, 'enforce.card.outcome.awaitingApproval');
    case 'expired':
      return t(locale, 'enforce.card.outcome.expired');
  }
}

/**
 * What `cards/enforce-plan.json` binds to: who will be enforced, who each gate holds back and why,
 * and (while open) Confirm on the preview or Approve on the second admin's card. Names are TextRuns,
 * shown as typed.
 */
export function enforcePlanView(data: EnforcePlanCardData, locale: string) {
  const open = data.outcome === undefined && data.token !== undefined;
  if (open) assertToken('enforce-plan', data.token);
  const count = data.toEnforce.total;
  const heldTotal = data.held.reduce((sum, group) => sum + group.list.total, 0);
  const held = data.held.filter((group) => group.list.total > 0);
  const share = NAMES_BUDGET_BYTES / Math.max(held.length + 1, 1);
  const sections = [
    {
      heading:
        count > 0 ? tp(locale, 'enforce.card.toEnforce', count) : t(locale, 'enforce.card.noneToEnforce'),
      lists: count > 0 ? [listView(locale, undefined, data.toEnforce, share)] : [],
    },
    ...(heldTotal > 0
      ? [
          {
            heading: tp(locale, 'enforce.card.held', heldTotal),
            lists: held.map((group) =>
              listView(
                locale,
                tp(locale, 'enforce.card.heldGate', group.list.total, { gate: gateText(locale, group.gate) }),
                group.list,
                share,
              ),
            ),
          },
        ]
      : []),
  ];
  const approval = data.kind === 'approval';
  return {
    lang: resolveLocale(locale),
    hasIntro: approval,
    facts: [
      { label: t(locale, 'enforce.card.wave'), value: data.waveName },
      { label: t(locale, 'enforce.card.mode'), value: modeText(locale, data.mode) },
      { label: t(locale, 'enforce.card.requestedBy'), value: data.requestedBy },
    ],
    sections,
    showFourEyes: !approval && data.needsSecondAdmin && data.outcome === undefined,
    hasOutcome: data.outcome !== undefined,
    canConfirm: open && !approval && count > 0,
    canApprove: open && approval,
    token: data.token ?? '',
    text: {
      fallbackText: t(locale, 'enforce.card.fallbackText', { wave: data.waveName }),
      heading: t(locale, approval ? 'enforce.card.approval.heading' : 'enforce.card.preview.heading'),
      intro: tp(locale, 'enforce.card.approval.intro', count, {
        admin: data.requestedBy,
        threshold: data.threshold,
      }),
      fourEyes: t(locale, 'enforce.card.fourEyes', { threshold: data.threshold }),
      outcome: outcomeText(data, locale),
      confirm: tp(locale, 'enforce.card.confirm', count),
      approve: t(locale, 'enforce.card.approve'),
    },
  };
}
