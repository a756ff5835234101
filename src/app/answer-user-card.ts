import { CARD_VERBS } from '../cards/card-data';
import { DEFAULT_LOCALE } from '../cards/locales';
import { composeMessageCard } from '../cards/message-cards';
import { composeConfirmedCard, composeSnoozedCard } from '../cards/user-cards';
import type { ActionClaims } from '../rollout/action-token';
import { canAddPhone } from '../rollout/transitions';
import type { CardActionContext, CardActionResult } from './card-action-types';
import { auditClick, refuseClick } from './card-refusal';
import type { RolloutDeps } from './deps';
import { runEffects } from './run-effects';
import { snoozeUser } from './snooze';

/** The verbs of a user's own awareness card. */
export const AWARENESS_VERBS = [
  CARD_VERBS.phoneConfirm,
  CARD_VERBS.phoneDispute,
  CARD_VERBS.phoneAdd,
  CARD_VERBS.reminderSnooze,
] as const;
export type AwarenessVerb = (typeof AWARENESS_VERBS)[number];

/** How long a click on a card whose send is not recorded yet waits for that record. */
const UNRECORDED_CARD_WAIT_MS = 2_000;
const UNRECORDED_CARD_POLL_MS = 100;

function isClickerTheUser(clickerId: string | undefined, userId: string): clickerId is string {
  return clickerId !== undefined && clickerId.toLowerCase() === userId.toLowerCase();
}

/**
 * The user's record, as it stands for the clicked card. A card is recorded (its id becomes the
 * user's current card) right after Teams accepted it; a click that fast would otherwise be refused
 * as stale. So when the token was minted after the record last changed (the card may be the one
 * being recorded), the click waits a moment for the record. An older card is refused at once.
 */
async function recordForCard(deps: RolloutDeps, claims: ActionClaims) {
  const { waveId, userId, cardId } = claims;
  let record = await deps.repo.getUser(waveId, userId);
  if (!record || record.cardId === cardId) return record;
  const mintedMs = (claims.exp - deps.config.ACTION_TOKEN_TTL_DAYS * 86_400) * 1000;
  // Token times are whole seconds: a card minted in the same second as the record's change may be newer.
  if (mintedMs + 1000 <= Date.parse(record.updatedAt)) return record;
  for (let waited = 0; waited < UNRECORDED_CARD_WAIT_MS; waited += UNRECORDED_CARD_POLL_MS) {
    await new Promise((resolve) => setTimeout(resolve, UNRECORDED_CARD_POLL_MS));
    record = await deps.repo.getUser(waveId, userId);
    if (!record || record.cardId === cardId) return record;
  }
  return record;
}

/** A click on the user's own awareness card: only that user, only on the card currently in their chat. */
export async function answerAwarenessCard(
  deps: RolloutDeps,
  verb: AwarenessVerb,
  claims: ActionClaims,
  clickerId: string | undefined,
  locale: string | undefined,
): Promise<CardActionResult> {
  const { waveId, userId, cardId } = claims;
  if (!isClickerTheUser(clickerId, userId))
    return refuseClick(deps, 'wrong-user', clickerId, { waveId, userId }, locale);
  const record = await recordForCard(deps, claims);
  if (!record) return refuseClick(deps, 'unknown-user', clickerId, { waveId, userId }, locale);
  if (record.cardId !== cardId) return refuseClick(deps, 'stale-card', clickerId, { waveId, userId }, locale);
  const userLocale = locale ?? record.locale ?? DEFAULT_LOCALE;
  const settings = { config: deps.config, locale: userLocale };

  switch (verb) {
    case CARD_VERBS.phoneConfirm: {
      const applied = await deps.repo.apply(waveId, userId, { type: 'phone-confirmed' }, userId);
      if (applied.result.ok) await runEffects(deps, waveId, userId, applied.result.effects);
      const wave = await deps.repo.getWave(waveId);
      if (['confirmed', 'ready', 'enforced'].includes(applied.record.status) && wave) {
        return { ok: true, card: composeConfirmedCard({ record: applied.record, wave, ...settings }) };
      }
      return { ok: true, card: composeMessageCard('nothingToDo', settings) };
    }
    case CARD_VERBS.phoneDispute: {
      const applied = await deps.repo.apply(waveId, userId, { type: 'phone-disputed' }, userId);
      if (applied.result.ok) await runEffects(deps, waveId, userId, applied.result.effects);
      // A repeated click on the same card (already disputed) starts the dialog again.
      if (applied.record.status !== 'disputed')
        return { ok: true, card: composeMessageCard('nothingToDo', settings) };
      return {
        ok: true,
        card: composeMessageCard('phoneDisputeStarted', settings),
        followUp: { kind: 'start-phone-dialog', waveId, userId, mode: 'dispute', locale: userLocale },
      };
    }
    case CARD_VERBS.phoneAdd: {
      // No state changes until a number is given: the user stays on the registration path meanwhile.
      if (!canAddPhone(record)) return { ok: true, card: composeMessageCard('nothingToDo', settings) };
      await auditClick(deps, userId, 'phone-add-started', claims);
      return {
        ok: true,
        card: composeMessageCard('phoneAddStarted', settings),
        followUp: { kind: 'start-phone-dialog', waveId, userId, mode: 'add', locale: userLocale },
      };
    }
    case CARD_VERBS.reminderSnooze: {
      const snoozed = await snoozeUser(deps, waveId, userId);
      if (snoozed.ok) {
        const card = composeSnoozedCard({ snoozeHours: deps.config.SNOOZE_HOURS, locale: userLocale });
        return { ok: true, card };
      }
      return {
        ok: true,
        card: composeMessageCard(snoozed.reason === 'limit' ? 'snoozeLimit' : 'nothingToDo', settings),
      };
    }
  }
}

/**
 * Yes / No under "You typed … Is that right?": only the user it was asked may answer, and only the
 * question still waiting in that chat, from its newest card. The dialog takes it from there.
 */
export async function answerNumberQuestion(
  deps: RolloutDeps,
  yes: boolean,
  claims: ActionClaims,
  clickerId: string | undefined,
  locale: string | undefined,
  context: CardActionContext | undefined,
): Promise<CardActionResult> {
  const { waveId, userId, cardId } = claims;
  if (!isClickerTheUser(clickerId, userId)) {
    return refuseClick(deps, 'wrong-user', clickerId, { waveId, userId }, locale);
  }
  const card = await context?.answerNumberQuestion?.({ waveId, userId, cardId, yes });
  if (!card) return refuseClick(deps, 'stale-card', clickerId, { waveId, userId }, locale);
  return { ok: true, card };
}
