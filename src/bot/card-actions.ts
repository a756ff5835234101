import type { Attachment } from 'botbuilder';
import { z } from 'zod';
import { CARD_VERBS } from '../cards/card-data';
import { composeConfirmedCard, composeMessageCard, composeNoticeCard } from '../cards/compose';
import { helpdeskName } from '../cards/helpdesk';
import { t, translate } from '../cards/locales';
import type { RolloutDeps } from '../queue/deps';
import { runEffects } from '../queue/effects';
import { snoozeUser } from '../queue/reminders';
import { acceptWaveStartOffer } from '../queue/wave-start-job';
import { type ActionClaims, verifyActionToken, verifyWaveStartToken } from '../rollout/action-token';
import { canAddPhone } from '../rollout/transitions';
import type { NumberAnswerClick } from './dialogs/number-confirm-prompt';
import type { PhoneCorrections } from './dialogs/phone-corrections';

/** The data a card button sends back (Action.Execute data, or Action.Submit value). */
export const cardActionData = z.object({
  verb: z.enum(Object.values(CARD_VERBS) as [string, ...string[]]),
  token: z.string().min(10).max(1024),
});
export type CardAction = z.infer<typeof cardActionData>;

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
  | 'not-available'
  | 'offer-gone';

/** Work the bot does in the same turn after answering the click. */
export interface StartPhoneDialog {
  kind: 'start-phone-dialog';
  waveId: string;
  userId: string;
  mode: 'dispute' | 'add';
  locale: string;
}

export type CardActionResult =
  | { ok: true; card: Attachment; followUp?: StartPhoneDialog }
  | { ok: false; reason: RefusalReason; card: Attachment }
  /** The card stays as it is (it is shared, e.g. in the admin channel): only the clicker sees `notice`. */
  | { ok: false; reason: RefusalReason; card?: undefined; notice: string };

/** What helpdesk decisions need beyond RolloutDeps; without it, Approve / Reject are refused. */
export interface CardActionContext {
  isAdmin(userId: string | undefined): Promise<boolean>;
  corrections: PhoneCorrections;
  clickerName?: string;
  /**
   * Yes / No on the phone dialog's question: answers it if it is the question waiting in the chat
   * the click came from; returns the card that replaces the clicked one, or undefined when not.
   */
  answerNumberQuestion?(click: NumberAnswerClick): Promise<Attachment | undefined>;
}

const SHARED_VERBS: ReadonlySet<string> = new Set([
  CARD_VERBS.phoneApprove,
  CARD_VERBS.phoneReject,
  CARD_VERBS.waveEnforce,
  CARD_VERBS.waveStartOthers,
]);

/** The phone dialog's Yes / No buttons, and the answer each gives. */
const NUMBER_ANSWERS: Readonly<Record<string, boolean>> = {
  [CARD_VERBS.numberYes]: true,
  [CARD_VERBS.numberNo]: false,
};

const USER_VERBS: ReadonlySet<string> = new Set([
  CARD_VERBS.phoneConfirm,
  CARD_VERBS.phoneDispute,
  CARD_VERBS.phoneAdd,
  CARD_VERBS.reminderSnooze,
]);

/**
 * Every click is checked before it changes anything: the data must parse, the token must be ours
 * and unexpired. On a user's own card the clicker must be that user and the card the one currently
 * in their chat; on the helpdesk card the clicker must be a rollout admin (not the user asking).
 * A refusal is audited and answered with a card saying why.
 */
export async function handleCardAction(
  deps: RolloutDeps,
  rawData: unknown,
  clickerId: string | undefined,
  locale?: string,
  context?: CardActionContext,
): Promise<CardActionResult> {
  const parsed = cardActionData.safeParse(rawData);
  if (!parsed.success) return refuse(deps, 'invalid-data', clickerId, undefined, locale);
  const { verb, token } = parsed.data;
  // Cards in the admin channel are shared: a refused click must not replace them for everybody.
  const shared = SHARED_VERBS.has(verb);
  // Its token is of its own kind: it verifies for this verb only, and no other token does.
  if (verb === CARD_VERBS.waveStartOthers) return waveStartOthers(deps, token, clickerId, locale, context);
  const check = verifyActionToken(token, deps.config.ACTION_TOKEN_SECRET, deps.now());
  if (!check.ok) return refuse(deps, check.reason, clickerId, undefined, locale, shared);
  if (verb === CARD_VERBS.phoneApprove || verb === CARD_VERBS.phoneReject) {
    return helpdeskDecision(deps, verb, check.claims, token, clickerId, locale, context);
  }
  if (verb === CARD_VERBS.waveEnforce) {
    // Enforcement from the digest arrives with its own issue; until then the click changes nothing.
    await audit(deps, clickerId, 'card-action-refused', check.claims, 'enforce-not-available');
    return { ok: false, reason: 'not-available', notice: t(locale ?? 'en', 'message.enforceNotYet.body') };
  }
  const answer = NUMBER_ANSWERS[verb];
  if (answer !== undefined) return numberAnswer(deps, answer, check.claims, clickerId, locale, context);
  if (!USER_VERBS.has(verb)) return refuse(deps, 'invalid-data', clickerId, undefined, locale);
  return userAction(deps, verb, check.claims, clickerId, locale);
}

/**
 * Yes / No under "You typed … Is that right?": only the user it was asked may answer, and only the
 * question still waiting in that chat, from its newest card. The dialog takes it from there.
 */
async function numberAnswer(
  deps: RolloutDeps,
  yes: boolean,
  claims: ActionClaims,
  clickerId: string | undefined,
  locale: string | undefined,
  context: CardActionContext | undefined,
): Promise<CardActionResult> {
  const { waveId, userId, cardId } = claims;
  if (!clickerId || clickerId.toLowerCase() !== userId.toLowerCase()) {
    return refuse(deps, 'wrong-user', clickerId, { waveId, userId }, locale);
  }
  const card = await context?.answerNumberQuestion?.({ waveId, userId, cardId, yes });
  if (!card) return refuse(deps, 'stale-card', clickerId, { waveId, userId }, locale);
  return { ok: true, card };
}

/** How long a click on a card whose send is not recorded yet waits for that record. */
const UNRECORDED_CARD_WAIT_MS = 2_000;
const UNRECORDED_CARD_POLL_MS = 100;

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

async function userAction(
  deps: RolloutDeps,
  verb: string,
  claims: ActionClaims,
  clickerId: string | undefined,
  locale: string | undefined,
): Promise<CardActionResult> {
  const { waveId, userId, cardId } = claims;
  if (!clickerId || clickerId.toLowerCase() !== userId.toLowerCase()) {
    return refuse(deps, 'wrong-user', clickerId, { waveId, userId }, locale);
  }
  const record = await recordForCard(deps, claims);
  if (!record) return refuse(deps, 'unknown-user', clickerId, { waveId, userId }, locale);
  if (record.cardId !== cardId) return refuse(deps, 'stale-card', clickerId, { waveId, userId }, locale);
  const userLocale = locale ?? record.locale ?? 'en';
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
      await audit(deps, userId, 'phone-add-started', claims);
      return {
        ok: true,
        card: composeMessageCard('phoneAddStarted', settings),
        followUp: { kind: 'start-phone-dialog', waveId, userId, mode: 'add', locale: userLocale },
      };
    }
    default: {
      const snoozed = await snoozeUser(deps, waveId, userId);
      if (snoozed.ok) return { ok: true, card: composeNoticeCard('snoozed', settings) };
      return {
        ok: true,
        card: composeMessageCard(snoozed.reason === 'limit' ? 'snoozeLimit' : 'nothingToDo', settings),
      };
    }
  }
}

async function helpdeskDecision(
  deps: RolloutDeps,
  verb: string,
  claims: ActionClaims,
  token: string,
  clickerId: string | undefined,
  locale: string | undefined,
  context: CardActionContext | undefined,
): Promise<CardActionResult> {
  const target = { waveId: claims.waveId, userId: claims.userId };
  if (!context) return refuse(deps, 'invalid-data', clickerId, target, locale, true);
  if (!clickerId || !(await context.isAdmin(clickerId))) {
    await audit(deps, clickerId, 'card-action-refused', claims, 'not-admin');
    deps.logger.warn({ reason: 'not-admin', clickerId, ...target }, 'card action refused');
    return { ok: false, reason: 'not-admin', notice: t(locale ?? 'en', 'notice.approvalAdminOnly') };
  }
  if (clickerId.toLowerCase() === claims.userId.toLowerCase()) {
    // Four eyes: an admin does not approve a number for their own account.
    await audit(deps, clickerId, 'card-action-refused', claims, 'own-request');
    return { ok: false, reason: 'own-request', notice: t(locale ?? 'en', 'notice.approvalOwnRequest') };
  }
  const admin = { id: clickerId, name: context.clickerName || clickerId };
  const card =
    verb === CARD_VERBS.phoneApprove
      ? await context.corrections.approve(claims, token, admin, locale)
      : await context.corrections.reject(claims, admin, locale);
  return { ok: true, card };
}

/** "Start with the N others" on an overlap warning: an admin's click queues the start once. */
async function waveStartOthers(
  deps: RolloutDeps,
  token: string,
  clickerId: string | undefined,
  locale: string | undefined,
  context: CardActionContext | undefined,
): Promise<CardActionResult> {
  const check = verifyWaveStartToken(token, deps.config.ACTION_TOKEN_SECRET, deps.now());
  if (!check.ok) return refuse(deps, check.reason, clickerId, undefined, locale, true);
  if (!context) return refuse(deps, 'invalid-data', clickerId, undefined, locale, true);
  if (!clickerId || !(await context.isAdmin(clickerId))) {
    return refuseNotice(deps, 'not-admin', clickerId, t(locale ?? 'en', 'notice.waveStartAdminOnly'));
  }
  const accepted = await acceptWaveStartOffer(deps, check.claims.requestId, clickerId);
  if (!accepted) {
    return refuseNotice(deps, 'offer-gone', clickerId, t(locale ?? 'en', 'notice.waveStartOfferGone'));
  }
  return { ok: true, card: composeMessageCard('waveChecking', { config: deps.config, locale }) };
}

/** A refused click on a shared card: audited; only the clicker reads why, the card stays. */
async function refuseNotice(
  deps: RolloutDeps,
  reason: RefusalReason,
  clickerId: string | undefined,
  notice: string,
): Promise<CardActionResult> {
  deps.logger.warn({ reason, clickerId }, 'card action refused');
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: clickerId ?? 'unknown',
    action: 'card-action-refused',
    detail: reason,
  });
  return { ok: false, reason, notice };
}

async function audit(
  deps: RolloutDeps,
  actor: string | undefined,
  action: string,
  claims: Pick<ActionClaims, 'waveId' | 'userId'>,
  detail?: string,
): Promise<void> {
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: actor ?? 'unknown',
    action,
    waveId: claims.waveId,
    userId: claims.userId,
    detail,
  });
}

async function refuse(
  deps: RolloutDeps,
  reason: RefusalReason,
  clickerId: string | undefined,
  target: { waveId: string; userId: string } | undefined,
  locale: string | undefined,
  shared = false,
): Promise<CardActionResult> {
  deps.logger.warn({ reason, clickerId, ...target }, 'card action refused');
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: clickerId ?? 'unknown',
    action: 'card-action-refused',
    waveId: target?.waveId,
    userId: target?.userId,
    detail: reason,
  });
  const key =
    reason === 'wrong-user'
      ? 'refusedWrongUser'
      : reason === 'expired' || reason === 'stale-card'
        ? 'refusedExpired'
        : 'refusedInvalid';
  if (shared) {
    const helpdesk = helpdeskName(locale, deps.config.HELPDESK_CONTACT);
    return { ok: false, reason, notice: translate(locale ?? 'en', `message.${key}.body`, { helpdesk }) };
  }
  return { ok: false, reason, card: composeMessageCard(key, { config: deps.config, locale }) };
}
