import { z } from 'zod';
import { CARD_VERBS, type CardVerb } from '../cards/card-data';
import { type CardTokenPurpose, verifyActionToken } from '../rollout/action-token';
import { assertNever } from '../rollout/assert-never';
import { answerHelpdeskCard, answerOverlapWarning } from './answer-admin-card';
import { answerEnforceCard, type EnforceVerb } from './answer-enforce-card';
import { answerPreloadApply } from './answer-preload-card';
import { answerAwarenessCard, answerNumberQuestion } from './answer-user-card';
import type { CardActionContext, CardActionResult } from './card-action-types';
import { refuseClick } from './card-refusal';
import type { RolloutDeps } from './deps';

/** The data a card button sends back (Action.Execute data, or Action.Submit value). */
export const cardActionData = z.object({
  verb: z.enum(Object.values(CARD_VERBS) as [CardVerb, ...CardVerb[]]),
  token: z.string().min(10).max(1024),
});
export type CardAction = z.infer<typeof cardActionData>;

type EnforceCardVerb =
  | typeof CARD_VERBS.waveEnforce
  | typeof CARD_VERBS.waveUndo
  | typeof CARD_VERBS.enforceConfirm
  | typeof CARD_VERBS.enforceApprove
  | typeof CARD_VERBS.enforceUndo;

/** Enforcement verbs carry enforcement tokens (src/app/answer-enforce-card.ts). */
const ENFORCE_VERB_OF: Readonly<Record<EnforceCardVerb, EnforceVerb>> = {
  [CARD_VERBS.waveEnforce]: 'enforce',
  [CARD_VERBS.waveUndo]: 'undo-ask',
  [CARD_VERBS.enforceConfirm]: 'confirm',
  [CARD_VERBS.enforceApprove]: 'approve',
  [CARD_VERBS.enforceUndo]: 'undo',
};

function isEnforceVerb(verb: CardVerb): verb is EnforceCardVerb {
  return verb in ENFORCE_VERB_OF;
}

type SignedCardVerb = Exclude<
  CardVerb,
  typeof CARD_VERBS.waveStartOthers | EnforceCardVerb | typeof CARD_VERBS.preloadApply
>;

/** The one kind of token each verb takes: a token signed for another card's purpose never verifies. */
const PURPOSE_OF: Readonly<Record<SignedCardVerb, CardTokenPurpose>> = {
  [CARD_VERBS.phoneConfirm]: 'awareness',
  [CARD_VERBS.phoneDispute]: 'awareness',
  [CARD_VERBS.phoneAdd]: 'awareness',
  [CARD_VERBS.reminderSnooze]: 'awareness',
  [CARD_VERBS.phoneApprove]: 'phone-approval',
  [CARD_VERBS.phoneReject]: 'phone-approval',
  [CARD_VERBS.numberYes]: 'number-answer',
  [CARD_VERBS.numberNo]: 'number-answer',
};

/** Cards in the admin channel are shared: a refused click must not replace them for everybody. */
const SHARED_PURPOSES: ReadonlySet<CardTokenPurpose> = new Set(['phone-approval']);

/**
 * Every click is checked before it changes anything: the data must parse, the token must be ours,
 * unexpired and made for this kind of card. On a user's own card the clicker must be that user and
 * the card the one currently in their chat; on the helpdesk card the clicker must be a rollout
 * admin (not the user asking). A refusal is audited and answered with a card or a notice saying why.
 */
export async function answerCardAction(
  deps: RolloutDeps,
  rawData: unknown,
  clickerId: string | undefined,
  locale?: string,
  context?: CardActionContext,
): Promise<CardActionResult> {
  const parsed = cardActionData.safeParse(rawData);
  if (!parsed.success) return refuseClick(deps, 'invalid-data', clickerId, undefined, locale);
  const { verb, token } = parsed.data;
  if (verb === CARD_VERBS.waveStartOthers)
    return answerOverlapWarning(deps, token, clickerId, locale, context);
  if (isEnforceVerb(verb))
    return answerEnforceCard(deps, ENFORCE_VERB_OF[verb], token, clickerId, locale, context);
  if (verb === CARD_VERBS.preloadApply) return answerPreloadApply(deps, token, clickerId, locale, context);
  const purpose = PURPOSE_OF[verb];
  const check = verifyActionToken(token, deps.config.ACTION_TOKEN_SECRET, deps.now(), purpose);
  if (!check.ok)
    return refuseClick(deps, check.reason, clickerId, undefined, locale, SHARED_PURPOSES.has(purpose));
  const { claims } = check;
  switch (verb) {
    case CARD_VERBS.phoneConfirm:
    case CARD_VERBS.phoneDispute:
    case CARD_VERBS.phoneAdd:
    case CARD_VERBS.reminderSnooze:
      return answerAwarenessCard(deps, verb, claims, clickerId, locale);
    case CARD_VERBS.phoneApprove:
    case CARD_VERBS.phoneReject:
      return answerHelpdeskCard(
        deps,
        verb === CARD_VERBS.phoneApprove,
        claims,
        token,
        clickerId,
        locale,
        context,
      );
    case CARD_VERBS.numberYes:
    case CARD_VERBS.numberNo:
      return answerNumberQuestion(deps, verb === CARD_VERBS.numberYes, claims, clickerId, locale, context);
    default:
      return assertNever(verb, 'card verb');
  }
}
