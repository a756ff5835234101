/**
 * Enforcement plans in, cards out: the preview the admin who clicked Enforce gets, the second
 * admin's approval card, and the undo confirmation. The one place that maps a plan onto the
 * `enforce-plan` / `enforce-undo` templates' data.
 */
import type { EnforcementGate } from '../rollout/enforcement-gates';
import type {
  DigestList,
  EnforceHeldGroup,
  EnforcementModeName,
  EnforcePlanCardData,
  EnforcePlanOutcome,
} from './card-data';
import { DEFAULT_LOCALE, t } from './locales';
import { type AdaptiveCardAttachment, renderCard } from './render';

/** What a card needs of an enforcement plan (E's `EnforcementPlan` has it). */
export interface EnforcePlanSummary {
  mode: EnforcementModeName;
  toEnforce: readonly { displayName: string; override?: boolean }[];
  held: readonly { displayName: string; gate: EnforcementGate; detail?: string }[];
  needsSecondAdmin: boolean;
  requestedBy: { name: string };
}

const named = (users: readonly { displayName: string; detail?: string }[]): DigestList => ({
  users: users.map((user) => ({ displayName: user.displayName, userPrincipalName: '', reason: user.detail })),
  total: users.length,
});

/** Who will be enforced; a user let through by an admin's override says so. */
function toEnforce(users: EnforcePlanSummary['toEnforce'], locale: string): DigestList {
  return named(
    users.map((user) => ({
      displayName: user.displayName,
      detail: user.override ? t(locale, 'enforce.card.overridden') : undefined,
    })),
  );
}

/** The held users grouped by gate, in the order the gates first appear. */
function heldByGate(held: EnforcePlanSummary['held']): EnforceHeldGroup[] {
  const groups = new Map<EnforcementGate, EnforcePlanSummary['held'][number][]>();
  for (const user of held) groups.set(user.gate, [...(groups.get(user.gate) ?? []), user]);
  return [...groups].map(([gate, users]) => ({ gate, list: named(users) }));
}

export function composeEnforcePlanCard(input: {
  kind: EnforcePlanCardData['kind'];
  plan: EnforcePlanSummary;
  waveName: string;
  threshold: number;
  token?: string;
  outcome?: EnforcePlanOutcome;
  locale?: string;
}): AdaptiveCardAttachment {
  const { plan } = input;
  return renderCard(
    'enforce-plan',
    {
      kind: input.kind,
      waveName: input.waveName,
      mode: plan.mode,
      requestedBy: plan.requestedBy.name,
      toEnforce: toEnforce(plan.toEnforce, input.locale ?? DEFAULT_LOCALE),
      held: heldByGate(plan.held),
      needsSecondAdmin: plan.needsSecondAdmin,
      threshold: input.threshold,
      token: input.outcome ? undefined : input.token,
      outcome: input.outcome,
    },
    input.locale ?? DEFAULT_LOCALE,
  );
}

export function composeEnforceUndoCard(input: {
  waveName: string;
  mode: EnforcementModeName;
  enforced: number;
  token?: string;
  outcome?: { by: string; restored: number; unrecorded?: number; failed: number };
  locale?: string;
}): AdaptiveCardAttachment {
  return renderCard(
    'enforce-undo',
    {
      waveName: input.waveName,
      mode: input.mode,
      enforced: input.enforced,
      token: input.outcome ? undefined : input.token,
      outcome: input.outcome ? { kind: 'undone', ...input.outcome } : undefined,
    },
    input.locale ?? DEFAULT_LOCALE,
  );
}
