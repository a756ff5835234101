import { type Attachment, ConversationState, type Storage, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { answeredCardOf, type NumberAnswerClick, setAnswerClick } from './number-confirm-prompt';
import {
  PHONE_DIALOG_ID,
  PhoneCorrectionDialog,
  type PhoneDialogOptions,
  type PhoneDialogPorts,
} from './phone-correction-dialog';

/**
 * The bot's dialogs and where their state lives: ConversationState on the given Storage (Redis in
 * production, so a dialog survives a restart and works across instances). The bot saves the state
 * once at the end of every turn.
 */
export class DialogHost {
  readonly conversationState: ConversationState;
  private readonly dialogs: DialogSet;

  constructor(storage: Storage, ports: PhoneDialogPorts) {
    this.conversationState = new ConversationState(storage);
    this.dialogs = new DialogSet(this.conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(new PhoneCorrectionDialog(ports));
  }

  /** Starts the phone dialog in this conversation, replacing any dialog already running there. */
  async startPhoneDialog(context: TurnContext, options: PhoneDialogOptions): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    await dc.cancelAllDialogs();
    await dc.beginDialog(PHONE_DIALOG_ID, options);
  }

  /** True while a dialog is waiting for the user's answer in this conversation. */
  async isWaiting(context: TurnContext): Promise<boolean> {
    const dc = await this.dialogs.createContext(context);
    return Boolean(dc.activeDialog);
  }

  /** Feeds a message to the running dialog; false when no dialog was waiting for it. */
  async continueDialog(context: TurnContext): Promise<boolean> {
    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog) return false;
    const result = await dc.continueDialog();
    return result.status !== DialogTurnStatus.empty;
  }

  /**
   * A Yes / No click (already checked: our token, clicked by its user) for the question waiting in
   * this conversation. Returns the card that replaces the clicked one, or undefined when the card's
   * question is not the one waiting here (answered, replaced, or asked in another chat).
   */
  async answerNumberQuestion(
    context: TurnContext,
    click: NumberAnswerClick,
  ): Promise<Attachment | undefined> {
    const dc = await this.dialogs.createContext(context);
    if (!dc.activeDialog) return undefined;
    setAnswerClick(context, click);
    await dc.continueDialog();
    return answeredCardOf(context);
  }

  async save(context: TurnContext): Promise<void> {
    await this.conversationState.saveChanges(context, false);
  }
}
