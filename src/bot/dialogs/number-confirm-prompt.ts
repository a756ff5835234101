import type { TurnContext } from 'botbuilder';
import { ConfirmPrompt, type PromptOptions, type PromptRecognizerResult } from 'botbuilder-dialogs';
import { t } from '../../cards/locales';
import { dialogContext, openPhone } from '../../rollout/pending-phone-crypto';
import { formatPhoneForDisplay, phoneCountry } from '../../rollout/phone-display';
import { countryName, recogniseYesNo } from './phone-text';

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

function confirmOptions(options: PromptOptions): NumberConfirmOptions {
  return options.validations as NumberConfirmOptions;
}

/**
 * "You typed +45 20 12 34 56. Is that right?" A ConfirmPrompt whose question is built when it is
 * sent, from the sealed number: the clear number reaches the user's own chat and nothing else.
 * Yes / No are offered and recognised in the user's language.
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
    _state: unknown,
    options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const { sealed, waveId, userId, locale, userCountry } = confirmOptions(options);
    const graphNumber = openPhone(sealed, this.secret, dialogContext(waveId, userId));
    const number = formatPhoneForDisplay(graphNumber);
    const country = phoneCountry(graphNumber);
    let text: string;
    if (isRetry) text = t(locale, 'dialog.phone.confirmRetry', { number });
    else if (country && userCountry && country !== userCountry) {
      text = t(locale, 'dialog.phone.confirmForeign', { number, country: countryName(locale, country) });
    } else text = t(locale, 'dialog.phone.confirm', { number });
    const choices = [t(locale, 'dialog.phone.yes'), t(locale, 'dialog.phone.no')];
    const prompt = this.appendChoices(text, context.activity.channelId, choices, this.style, {
      includeNumbers: false,
    });
    await context.sendActivity(prompt);
  }

  protected override async onRecognize(
    context: TurnContext,
    state: unknown,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<boolean>> {
    const own = recogniseYesNo(context.activity.text, confirmOptions(options).locale);
    if (own !== undefined) return { succeeded: true, value: own };
    return super.onRecognize(context, state, options);
  }
}
