import type { Attachment } from 'botbuilder';
import { z } from 'zod';
import { composeConfirmedCard, composeMessageCard } from '../cards/compose';
import type { RolloutDeps } from '../queue/deps';
import { runEffects } from '../queue/effects';
import { verifyActionToken } from '../rollout/action-token';
import type { RolloutEvent } from '../rollout/transitions';

/** The data an awareness card button sends back (Action.Execute data, or Action.Submit value). */
export const cardActionData = z.object({
  verb: z.enum(['phone.confirm', 'phone.dispute']),
  token: z.string().min(10).max(1024),
});
export type CardAction = z.infer<typeof cardActionData>;

export type RefusalReason = 'invalid-data' | 'malformed' | 'bad-signature' | 'expired' | 'wrong-user' | 'unknown-user' | 'stale-card';

export type CardActionResult =
  | { ok: true; card: Attachment }
  | { ok: false; reason: RefusalReason; card: Attachment };

const EVENTS: Record<CardAction['verb'], RolloutEvent> = {
  'phone.confirm': { type: 'phone-confirmed' },
  'phone.dispute': { type: 'phone-disputed' },
};

/**
 * Every click is checked before it changes anything: the data must parse, the token must be ours
 * and unexpired, the clicker must be the user the card was sent to, and the card must be the one
 * currently in their chat. A refusal is audited and answered with a card saying why.
 */
export async function handleCardAction(
  deps: RolloutDeps,
  rawData: unknown,
  clickerId: string | undefined,
  locale?: string,
): Promise<CardActionResult> {
  const parsed = cardActionData.safeParse(rawData);
  if (!parsed.success) return refuse(deps, 'invalid-data', clickerId, undefined, locale);
  const check = verifyActionToken(parsed.data.token, deps.config.ACTION_TOKEN_SECRET, deps.now());
  if (!check.ok) return refuse(deps, check.reason, clickerId, undefined, locale);
  const { waveId, userId, cardId } = check.claims;
  if (!clickerId || clickerId.toLowerCase() !== userId.toLowerCase()) {
    return refuse(deps, 'wrong-user', clickerId, { waveId, userId }, locale);
  }
  const record = await deps.repo.getUser(waveId, userId);
  if (!record) return refuse(deps, 'unknown-user', clickerId, { waveId, userId }, locale);
  if (record.cardId !== cardId) return refuse(deps, 'stale-card', clickerId, { waveId, userId }, locale);
  const wave = await deps.repo.getWave(waveId);
  const userLocale = locale ?? record.locale;

  const applied = await deps.repo.apply(waveId, userId, EVENTS[parsed.data.verb], userId);
  if (applied.result.ok) await runEffects(deps, waveId, userId, applied.result.effects);
  const status = applied.record.status;
  if (parsed.data.verb === 'phone.confirm' && ['confirmed', 'ready', 'enforced'].includes(status) && wave) {
    return { ok: true, card: composeConfirmedCard({ record: applied.record, wave, config: deps.config, locale: userLocale }) };
  }
  if (parsed.data.verb === 'phone.dispute' && status === 'disputed') {
    return { ok: true, card: composeMessageCard('disputeReceived', { config: deps.config, locale: userLocale }) };
  }
  return { ok: true, card: composeMessageCard('nothingToDo', { config: deps.config, locale: userLocale }) };
}

async function refuse(
  deps: RolloutDeps,
  reason: RefusalReason,
  clickerId: string | undefined,
  target: { waveId: string; userId: string } | undefined,
  locale: string | undefined,
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
  const key = reason === 'wrong-user' ? 'refusedWrongUser' : reason === 'expired' || reason === 'stale-card' ? 'refusedExpired' : 'refusedInvalid';
  return { ok: false, reason, card: composeMessageCard(key, { config: deps.config, locale }) };
}
