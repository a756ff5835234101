import { randomUUID } from 'node:crypto';
import type { Attachment } from 'botbuilder';
import { helpdeskName } from '../cards/helpdesk';
import { DEFAULT_LOCALE } from '../cards/locales';
import { composeConfirmedCard } from '../cards/user-cards';
import { GraphRequestError } from '../graph/errors';
import { setMobilePhone } from '../graph/phone-methods';
import { transition } from '../rollout/transitions';
import type { WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import { retrySoon } from '../teams/retry-soon';
import { sendFreshAwarenessCard } from './awareness-card';
import type { RolloutDeps } from './deps';
import { runEffects } from './run-effects';
import { classifyDeliveryError, type UserChat, writeToUserChat } from './user-chat';

/** The steps a correction shares, whether the user's number was written at once or approved. */

/** Only what may sit in an audit line about a Graph failure: never the request, never the number. */
export function failureDetail(error: unknown): string {
  if (error instanceof GraphRequestError) return `graph ${error.status} ${error.code}`;
  const teams = classifyDeliveryError(error);
  if (teams.kind !== 'transient' || teams.status !== 0)
    return `teams ${teams.kind} ${teams.code ?? ''}`.trim();
  return error instanceof Error ? error.name : 'error';
}

export async function auditCorrection(
  deps: RolloutDeps,
  entry: { action: string; waveId: string; userId: string; actor: string; detail?: string },
): Promise<void> {
  await deps.audit.append({ at: deps.now().toISOString(), ...entry });
}

export function helpdeskFor(deps: RolloutDeps, locale: string | undefined): string {
  return helpdeskName(locale, deps.config.HELPDESK_CONTACT);
}

/**
 * Writes the user's number with the app's own permission (users cannot write their own phone
 * method through Graph); audited either way, with the masked number only. False when Graph refused.
 */
export async function writeNumber(
  deps: RolloutDeps,
  change: {
    waveId: string;
    userId: string;
    actor: string;
    graphNumber: string;
    masked: string;
    why: 'self-service' | 'approved';
  },
): Promise<boolean> {
  const { waveId, userId, actor, graphNumber, masked, why } = change;
  try {
    const written = await setMobilePhone(deps.graph, userId, graphNumber);
    await auditCorrection(deps, {
      action: 'phone-written',
      waveId,
      userId,
      actor,
      detail: `${why}, ${written.outcome}, new number ${masked}`,
    });
    return true;
  } catch (error) {
    await auditCorrection(deps, {
      action: 'phone-write-failed',
      waveId,
      userId,
      actor,
      detail: failureDetail(error),
    });
    deps.logger.warn({ waveId, userId, err: failureDetail(error) }, `${why} phone write failed`);
    return false;
  }
}

/** A text or a card to the user's 1:1 chat, from any turn (the admin's click, a dialog turn). */
export async function tellUser(
  deps: RolloutDeps,
  chat: UserChat,
  message: string | Attachment,
): Promise<void> {
  const activity =
    typeof message === 'string'
      ? { type: 'message', text: message }
      : { type: 'message', attachments: [message] };
  try {
    await retrySoon(() => writeToUserChat(deps, chat, (reference) => deps.outbox.send(reference, activity)));
  } catch (error) {
    deps.logger.warn(
      { userId: chat.userId, err: failureDetail(error) },
      'could not tell the user about their number',
    );
  }
}

/**
 * The number is on the account. The user typed it and said yes to it in the dialog, so it is
 * recorded as corrected (by whoever wrote it) and confirmed (by the user), and the user gets one
 * short final card: no card asking them to confirm, a third time, the number they just confirmed.
 */
export async function correctedAndConfirmed(
  deps: RolloutDeps,
  change: {
    record: WaveUserRecord;
    wave: Wave;
    masked: string;
    locale: string | undefined;
    how: 'saved' | 'approved';
    actor: string;
  },
): Promise<void> {
  const { record, wave, masked, locale, how, actor } = change;
  const { waveId, userId } = record;
  // A fresh card id (no card carries it): buttons on every card sent before are stale from now on.
  const corrected = await deps.repo.apply(
    waveId,
    userId,
    { type: 'phone-corrected', phoneMasked: masked, cardId: randomUUID() },
    actor,
  );
  if (!corrected.result.ok) {
    deps.logger.warn({ waveId, userId, from: corrected.record.status }, 'corrected number not recorded');
    return;
  }
  const confirmed = await deps.repo.apply(
    waveId,
    userId,
    { type: 'phone-confirmed', typedInDialog: true },
    userId,
  );
  if (confirmed.result.ok) await runEffects(deps, waveId, userId, confirmed.result.effects);
  if (!['confirmed', 'ready', 'enforced'].includes(confirmed.record.status)) return;
  const card = composeConfirmedCard({
    record: confirmed.record,
    wave,
    config: deps.config,
    locale: locale ?? record.locale ?? DEFAULT_LOCALE,
    how,
  });
  await tellUser(deps, { waveId, userId }, card);
}

/**
 * A fresh, brief awareness card (new card id: old cards' tokens go stale) without a change of
 * state, so the user can try again: what to do and the buttons, not the whole card they read already.
 */
export async function reissueCard(
  deps: RolloutDeps,
  record: WaveUserRecord,
  wave: Wave,
  actor: string,
  why: string,
): Promise<void> {
  if (!transition(record, { type: 'card-reissued', cardId: 'check' }, deps.now()).ok) return;
  try {
    const sent = await retrySoon(() =>
      sendFreshAwarenessCard(deps, record, wave, undefined, { brief: true }),
    );
    await deps.repo.apply(
      record.waveId,
      record.userId,
      { type: 'card-reissued', cardId: sent.cardId, activityId: sent.activityId },
      actor,
    );
    await auditCorrection(deps, {
      action: 'card-reissued-after',
      waveId: record.waveId,
      userId: record.userId,
      actor,
      detail: why,
    });
  } catch (error) {
    deps.logger.warn(
      { waveId: record.waveId, userId: record.userId, err: failureDetail(error) },
      'card not reissued',
    );
  }
}
