import { randomUUID } from 'node:crypto';
import type { Attachment, TurnContext } from 'botbuilder';
import {
  ConfirmPrompt,
  Dialog,
  type DialogContext,
  type DialogTurnResult,
  type PromptOptions,
  type PromptRecognizerResult,
} from 'botbuilder-dialogs';
import type { NumberAnswerClick } from '../../app/card-action-types';
import { composeNumberConfirmCard } from '../../cards/user-cards';
import { signActionToken } from '../../rollout/action-token';
import { dialogContext, openPhone } from '../../rollout/pending-phone-crypto';
import { formatPhoneForDisplay, phoneCountry } from '../../rollout/phone-display';
import { recogniseYesNo } from './phone-text';

/**
 * What the confirm prompt keeps in dialog state between turns: the typed number only SEALED (dialog
 * state lives in Redis), plus what is needed to open and word it.
 */
export interface NumberConfirmOptions {
  sealed: string;
  waveId: string;
  userId: string;
  locale: string;
  /** The user's usageLocation: a number from elsewhere is named with its country. */
  userCountry?: string;
}

export type { NumberAnswerClick };

/** What the prompt keeps of its own between turns: the newest card it sent, the only one whose buttons count. */
interface PromptState {
  cardId?: string;
  activityId?: string;
}

const CLICK_KEY = Symbol('number-confirm.click');
const ANSWERED_CARD_KEY = Symbol('number-confirm.answered-card');

/** How long one question's buttons work; typing "yes" works for as long as the dialog waits. */
export const ANSWER_BUTTON_TTL_SECONDS = 7 * 86_400;

/** Hands a checked click to the dialog for this turn (see NumberConfirmPrompt.continueDialog). */
export function setAnswerClick(context: TurnContext, click: NumberAnswerClick): void {
  context.turnState.set(CLICK_KEY, click);
}

/** The card that replaces the clicked one, when the click answered the waiting question. */
export function answeredCardOf(context: TurnContext): Attachment | undefined {
  return context.turnState.get(ANSWERED_CARD_KEY) as Attachment | undefined;
}

/** True when this turn is a Yes / No click (not a typed message). */
export function hasAnswerClick(context: TurnContext): boolean {
  return context.turnState.get(CLICK_KEY) !== undefined;
}

function confirmOptions(options: PromptOptions | undefined): NumberConfirmOptions {
  return options?.validations as NumberConfirmOptions;
}

/**
 * "You typed +45 20 12 34 56. Is that right?" as an Adaptive Card with Yes / No (Action.Execute with
 * an Action.Submit fallback: imBack suggested actions do not work in every client). The card is
 * built when it is sent, from the sealed number: the clear number reaches the user's own chat and
 * nothing else. Typed answers work too, in the user's language; once answered, the card shows the
 * answer instead of the buttons.
 */
export class NumberConfirmPrompt extends ConfirmPrompt {
  constructor(
    dialogId: string,
    private readonly secret: string,
  ) {
    super(dialogId);
  }

  protected override async onPrompt(
    context: TurnContext,
    state: object,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const confirm = confirmOptions(options);
    const own = state as PromptState;
    const cardId = randomUUID();
    const token = signActionToken(
      {
        waveId: confirm.waveId,
        userId: confirm.userId,
        cardId,
        exp: Math.floor(Date.now() / 1000) + ANSWER_BUTTON_TTL_SECONDS,
      },
      this.secret,
      'number-answer',
    );
    // Asked again: only the newest card keeps buttons.
    if (own.activityId) await this.replaceCard(context, own.activityId, this.card(confirm, {}));
    const sent = await context.sendActivity({
      type: 'message',
      attachments: [this.card(confirm, { token, retry: isRetry })],
    });
    own.cardId = cardId;
    own.activityId = sent?.id;
  }

  /** A checked click answers the question if it came from this question's newest card; else nothing happens. */
  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const click = dc.context.turnState.get(CLICK_KEY) as NumberAnswerClick | undefined;
    if (!click) return super.continueDialog(dc);
    const confirm = confirmOptions(dc.activeDialog?.state.options);
    const own = dc.activeDialog?.state.state as PromptState | undefined;
    const asked =
      confirm !== undefined &&
      own?.cardId !== undefined &&
      click.cardId === own.cardId &&
      click.userId === confirm.userId &&
      click.waveId === confirm.waveId;
    if (!asked) return Dialog.EndOfTurn;
    dc.context.turnState.set(ANSWERED_CARD_KEY, this.card(confirm, { answer: click.yes ? 'yes' : 'no' }));
    return dc.endDialog(click.yes);
  }

  protected override async onRecognize(
    context: TurnContext,
    state: object,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<boolean>> {
    const confirm = confirmOptions(options);
    const own = recogniseYesNo(context.activity.text, confirm.locale);
    const result =
      own !== undefined ? { succeeded: true, value: own } : await super.onRecognize(context, state, options);
    // Answered by typing: the buttons on the card give way to the answer.
    const { activityId } = state as PromptState;
    if (result.succeeded && activityId) {
      await this.replaceCard(
        context,
        activityId,
        this.card(confirm, { answer: result.value ? 'yes' : 'no' }),
      );
    }
    return result;
  }

  private card(
    confirm: NumberConfirmOptions,
    extra: { token?: string; retry?: boolean; answer?: 'yes' | 'no' },
  ): Attachment {
    const graphNumber = openPhone(confirm.sealed, this.secret, dialogContext(confirm.waveId, confirm.userId));
    const country = phoneCountry(graphNumber);
    return composeNumberConfirmCard({
      number: formatPhoneForDisplay(graphNumber),
      foreignCountry: country && confirm.userCountry && country !== confirm.userCountry ? country : undefined,
      locale: confirm.locale,
      ...extra,
    });
  }

  private async replaceCard(context: TurnContext, activityId: string, card: Attachment): Promise<void> {
    try {
      await context.updateActivity({ type: 'message', id: activityId, attachments: [card] });
    } catch {
      // Cosmetic: a button left on an older card answers nothing (only the newest card's id counts).
    }
  }
}
