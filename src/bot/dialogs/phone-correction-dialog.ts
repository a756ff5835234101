import type { TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  type DialogContext,
  type DialogTurnResult,
  type PromptValidatorContext,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { PhoneDialogEnd, PhoneDialogOptions, PhoneSubmission } from '../../app/phone-dialog-types';
import { countryName } from '../../cards/format';
import { t } from '../../cards/locales';
import { dialogContext, openPhone, sealPhone } from '../../rollout/pending-phone-crypto';
import { parsePhoneInput } from '../../rollout/phone-number';
import { hasAnswerClick, type NumberConfirmOptions, NumberConfirmPrompt } from './number-confirm-prompt';
import { isCancelWord, problemText } from './phone-text';

/**
 * "That's not my number" / "Add my phone number": asks for the right mobile number in the user's
 * 1:1 chat, checks it with libphonenumber-js (default country: the user's Graph usageLocation),
 * explains what is wrong in plain words, shows the normalised number back for a yes / no, and hands
 * it to the policy (self-service or helpdesk approval). "cancel" ends it at any time.
 *
 * Dialog state is stored in Redis between turns: the number sits there only sealed (AES-256-GCM),
 * and the prompts' stored texts never contain it.
 */
export const PHONE_DIALOG_ID = 'phone-correction';
const STEPS_ID = 'phone-correction.steps';
const NUMBER_PROMPT_ID = 'phone-correction.number';
const CONFIRM_PROMPT_ID = 'phone-correction.confirm';
const OPTIONS_KEY = 'phone-correction.options';

/** Invalid numbers in a row before the dialog gives up and points to the helpdesk. */
export const MAX_NUMBER_TRIES = 3;
/** Times the user may say "no, that's not right" and type again. */
export const MAX_ROUNDS = 3;

export type { PhoneDialogEnd, PhoneDialogOptions, PhoneSubmission };

/** What the dialog needs from the rest of the bot; tests pass fakes. */
export interface PhoneDialogPorts {
  /** Key material for sealing the number in dialog state (config.ACTION_TOKEN_SECRET). */
  secret: string;
  /** The helpdesk as the user should read it. */
  helpdesk(locale: string): string;
  /** The user's usageLocation (ISO 3166 alpha-2), undefined when unknown. */
  defaultCountry(userId: string): Promise<string | undefined>;
  /** The user said yes to a valid number: apply the policy and tell them what happens. */
  submit(context: TurnContext, submission: PhoneSubmission): Promise<void>;
  /** The dialog ended without a number (after telling the user why). */
  ended(context: TurnContext, options: PhoneDialogOptions, how: PhoneDialogEnd): Promise<void>;
  /** One audit line; never a clear number. */
  audit(entry: { action: string; waveId: string; userId: string; detail?: string }): Promise<void>;
}

/** Waterfall values: the number only sealed; the masked form is safe to keep. */
interface StepValues {
  country?: string | null;
  sealed?: string;
  masked?: string;
}

function valuesOf(step: WaterfallStepContext): StepValues {
  return step.values as StepValues;
}

interface NumberPromptValidations {
  waveId: string;
  userId: string;
  locale: string;
  country?: string;
}

export class PhoneCorrectionDialog extends ComponentDialog {
  constructor(private readonly ports: PhoneDialogPorts) {
    super(PHONE_DIALOG_ID);
    this.addDialog(
      new WaterfallDialog(STEPS_ID, [
        (step) => this.askForNumber(step),
        (step) => this.showNumberBack(step),
        (step) => this.decide(step),
      ]),
    );
    this.addDialog(new TextPrompt(NUMBER_PROMPT_ID, (prompt) => this.validateNumber(prompt)));
    this.addDialog(new NumberConfirmPrompt(CONFIRM_PROMPT_ID, ports.secret));
    this.initialDialogId = STEPS_ID;
  }

  override async beginDialog(
    outerDc: DialogContext,
    options?: PhoneDialogOptions,
  ): Promise<DialogTurnResult> {
    if (!options?.waveId || !options.userId) throw new Error('the phone dialog needs a wave and a user');
    // Kept on the component's own instance, so "cancel" can be answered whatever prompt is active.
    if (outerDc.activeDialog) outerDc.activeDialog.state[OPTIONS_KEY] = options;
    return super.beginDialog(outerDc, options);
  }

  override async continueDialog(outerDc: DialogContext): Promise<DialogTurnResult> {
    // A Yes / No click is for the yes-or-no question only: while the number is being asked for, it answers nothing.
    if (
      hasAnswerClick(outerDc.context) &&
      this.createChildContext(outerDc).activeDialog?.id !== CONFIRM_PROMPT_ID
    ) {
      return Dialog.EndOfTurn;
    }
    const options = outerDc.activeDialog?.state[OPTIONS_KEY] as PhoneDialogOptions | undefined;
    const activity = outerDc.context.activity;
    if (options && activity.type === 'message' && isCancelWord(activity.text, options.locale)) {
      await outerDc.context.sendActivity(t(options.locale, 'dialog.phone.cancelled'));
      await this.ports.audit({
        action: 'phone-correction-cancelled',
        waveId: options.waveId,
        userId: options.userId,
      });
      await this.ports.ended(outerDc.context, options, 'cancelled');
      return outerDc.endDialog({ outcome: 'cancelled' });
    }
    return super.continueDialog(outerDc);
  }

  private async askForNumber(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as PhoneDialogOptions;
    let country = options.country;
    if (country === undefined) {
      try {
        country = (await this.ports.defaultCountry(options.userId)) ?? null;
      } catch {
        // Without a default country the user types the country code; the dialog still works.
        country = null;
      }
    }
    valuesOf(step).country = country;
    const text = country
      ? t(options.locale, 'dialog.phone.ask', { country: countryName(options.locale, country) })
      : t(options.locale, 'dialog.phone.askNoCountry');
    const validations: NumberPromptValidations = {
      waveId: options.waveId,
      userId: options.userId,
      locale: options.locale,
      country: country ?? undefined,
    };
    return step.prompt(NUMBER_PROMPT_ID, { prompt: text, validations });
  }

  private async validateNumber(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { waveId, userId, locale, country } = prompt.options.validations as NumberPromptValidations;
    const parsed = parsePhoneInput(prompt.recognized.value ?? '', country);
    if (parsed.ok) return true;
    await this.ports.audit({ action: 'phone-correction-invalid', waveId, userId, detail: parsed.problem });
    // The last try goes through: the next step sees it is still invalid and ends the dialog.
    if (prompt.attemptCount >= MAX_NUMBER_TRIES) return true;
    await prompt.context.sendActivity(problemText(locale, parsed.problem));
    return false;
  }

  private async showNumberBack(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as PhoneDialogOptions;
    const country = valuesOf(step).country ?? undefined;
    const parsed = parsePhoneInput(String(step.result ?? ''), country);
    if (!parsed.ok) return this.giveUp(step, options, parsed.problem);
    const confirm: NumberConfirmOptions = {
      sealed: sealPhone(parsed.graphNumber, this.ports.secret, dialogContext(options.waveId, options.userId)),
      waveId: options.waveId,
      userId: options.userId,
      locale: options.locale,
      userCountry: country,
    };
    valuesOf(step).sealed = confirm.sealed;
    valuesOf(step).masked = parsed.masked;
    return step.prompt(CONFIRM_PROMPT_ID, { validations: confirm });
  }

  private async decide(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as PhoneDialogOptions;
    const { waveId, userId, locale } = options;
    if (step.result !== true) {
      const round = (options.round ?? 1) + 1;
      if (round > MAX_ROUNDS) return this.giveUp(step, options, 'too-many-rounds');
      await this.ports.audit({ action: 'phone-correction-retyped', waveId, userId });
      await step.context.sendActivity(t(locale, 'dialog.phone.retype'));
      return step.replaceDialog(STEPS_ID, { ...options, round, country: valuesOf(step).country ?? null });
    }
    const { sealed, masked } = valuesOf(step);
    const graphNumber = openPhone(String(sealed), this.ports.secret, dialogContext(waveId, userId));
    await this.ports.submit(step.context, {
      waveId,
      userId,
      locale,
      graphNumber,
      masked: String(masked),
    });
    return step.endDialog({ outcome: 'submitted' });
  }

  private async giveUp(
    step: WaterfallStepContext,
    options: PhoneDialogOptions,
    why: string,
  ): Promise<DialogTurnResult> {
    await step.context.sendActivity(
      t(options.locale, 'dialog.phone.gaveUp', { helpdesk: this.ports.helpdesk(options.locale) }),
    );
    await this.ports.audit({
      action: 'phone-correction-gave-up',
      waveId: options.waveId,
      userId: options.userId,
      detail: why,
    });
    await this.ports.ended(step.context, options, 'gave-up');
    return step.endDialog({ outcome: 'gave-up' });
  }
}
