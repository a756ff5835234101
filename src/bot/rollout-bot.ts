import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
  type FileConsentCardResponse,
  type Storage,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { AdminGuard } from '../app/admin-guard';
import { answerCardAction } from '../app/answer-card';
import type { CardActionResult } from '../app/card-action-types';
import { checkWaveStartRequest, queueWaveStart } from '../app/chat-wave-start';
import type { PhoneCorrections } from '../app/correct-phone';
import type { PhoneCorrectionDecisions } from '../app/decide-phone-correction';
import type { RolloutDeps } from '../app/deps';
import { greetOnce } from '../app/greet-user';
import type { PreloadUseCases } from '../app/preload-teams-port';
import { looksLikePastedPreload, receivePreloadFile } from '../app/receive-preload-file';
import { auditAdminCommandRefused, rememberAdminChat, rememberPersonalChat } from '../app/remember-chat';
import { sendPreloadReport } from '../app/send-preload-report';
import { undoUserEnforcementCard } from '../app/undo-user-enforcement';
import { myStatusCard, waveListCard, waveStatusCard } from '../app/wave-status';
import { composeWaveStartRefusalCard } from '../cards/admin-cards';
import { composeMessageCard, composeWelcomeCard } from '../cards/message-cards';
import { assertNever } from '../rollout/assert-never';
import { DEADLINE_DAYS, WAVE_NAME_MAX_CHARS, WaveStartRefusedError } from '../rollout/wave-start';
import { ADMIN_COMMANDS, type Command, MAX_MESSAGE_CHARS, parseCommand } from './commands';
import { DialogHost } from './dialogs/dialog-host';
import { phoneDialogPorts } from './dialogs/phone-dialog-ports';
import { answerLocale, composeHelpAnswer, composeHelpReply, matchHelpIntent } from './help';

/** What the bot is built from, besides the use cases' deps (src/runtime.ts builds them). */
export interface RolloutBotParts {
  guard: AdminGuard;
  /** The phone dialog's use cases. */
  corrections: PhoneCorrections;
  /** The helpdesk's Approve / Reject. */
  decisions: PhoneCorrectionDecisions;
  /** Where dialog state lives between turns (Redis in production). */
  dialogStorage: Storage;
  /** The phone preload from a CSV sent in the chat; without it a file is answered like any message. */
  preload?: PreloadUseCases;
}

/** Universal Actions: an invoke response of this type shows a message to the clicker and leaves the card as it is. */
const INVOKE_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

/**
 * Teams entry point: turns activities into use-case calls (src/app) and their answers into replies.
 * Remembers where each user can be reached, routes card clicks (Action.Execute invokes and
 * Action.Submit fallbacks), chat commands and the phone dialog. Decisions live in the rollout core.
 */
export class RolloutBot extends TeamsActivityHandler {
  readonly dialogs: DialogHost;
  private readonly guard: AdminGuard;
  private readonly decisions: PhoneCorrectionDecisions;
  private readonly preload: PreloadUseCases | undefined;

  constructor(
    private readonly deps: RolloutDeps,
    parts: RolloutBotParts,
  ) {
    super();
    this.guard = parts.guard;
    this.decisions = parts.decisions;
    this.preload = parts.preload;
    this.dialogs = new DialogHost(
      parts.dialogStorage,
      phoneDialogPorts(parts.corrections, deps.config.ACTION_TOKEN_SECRET),
    );
    this.onMessage(async (context, next) => {
      await this.rememberPersonalChat(context);
      await this.handleMessage(context);
      await next();
    });
    // Installing the app and opening the 1:1 chat each send one of these (the Playground both, on load).
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberPersonalChat(context);
      await this.greet(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.rememberPersonalChat(context);
      await this.greet(context);
      await next();
    });
  }

  /** Dialog state is read and written through ConversationState: saved once, after every turn. */
  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.dialogs.save(context);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const action = invokeValue.action;
    const result = await this.cardAction(context, {
      verb: action?.verb,
      ...(action?.data as object | undefined),
    });
    if (!result.card) {
      // An enforcement preview (or undo confirmation) goes below the digest, which stays as it is.
      if (result.ok) await this.sendFollowUp(context, result);
      // A shared card (the helpdesk's) stays as it is; only the clicker reads why nothing happened.
      return {
        statusCode: 200,
        type: INVOKE_MESSAGE_TYPE,
        value: result.notice as unknown as Record<string, unknown>,
      };
    }
    // The invoke response replaces the card for the clicker, so the buttons cannot be pressed twice;
    // a shared card is replaced for everybody who sees it.
    if (result.ok && result.shared && context.activity.replyToId) {
      await this.updateSharedCard(context, context.activity.replyToId, result.card);
    }
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card.content };
  }

  /** Checks and applies a click, then starts what it asked for (the phone dialog) in the same turn. */
  private async cardAction(context: TurnContext, data: object): Promise<CardActionResult> {
    const activity = context.activity;
    const result = await answerCardAction(this.deps, data, activity.from?.aadObjectId, activity.locale, {
      isAdmin: (userId) => this.guard.isAdmin(userId),
      decisions: this.decisions,
      preload: this.preload,
      clickerName: activity.from?.name,
      answerNumberQuestion: (click) => this.dialogs.answerNumberQuestion(context, click),
    });
    if (result.ok && result.card && result.followUp) {
      const { waveId, userId, mode, locale } = result.followUp;
      await this.dialogs.startPhoneDialog(context, { waveId, userId, mode, locale });
    }
    return result;
  }

  private async rememberPersonalChat(context: TurnContext): Promise<void> {
    const { conversation, from } = context.activity;
    if (conversation?.conversationType !== 'personal' || !from?.aadObjectId) return;
    await rememberPersonalChat(
      this.deps,
      from.aadObjectId,
      TurnContext.getConversationReference(context.activity),
    );
  }

  /** The first time only (greetOnce): who the bot is and what to type, in the client's language. */
  private async greet(context: TurnContext): Promise<void> {
    const { conversation, from, locale } = context.activity;
    if (conversation?.conversationType !== 'personal' || !from?.aadObjectId) return;
    if (!(await greetOnce(this.deps, from.aadObjectId))) return;
    const admin = await this.isAdmin(context);
    await context.sendActivity(this.card(composeWelcomeCard({ config: this.deps.config, locale, admin })));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const value = activity.value as { verb?: unknown } | undefined;
    if (value && typeof value === 'object' && typeof value.verb === 'string') {
      await this.handleSubmitFallback(context, value);
      return;
    }
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    if (await this.handleFile(context, text)) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      const params = { max: MAX_MESSAGE_CHARS, length: text.length };
      await context.sendActivity(
        this.card(
          composeMessageCard('messageTooLong', { config: this.deps.config, locale: activity.locale, params }),
        ),
      );
      return;
    }
    // A dialog waiting for the phone number gets the message first, unless it is a question
    // ("what is MFA?"): that is answered, and the dialog keeps waiting.
    if (await this.dialogs.isWaiting(context)) {
      const question = !/\d{3}/.test(text) ? matchHelpIntent(text, activity.locale) : undefined;
      if (question && question !== 'menu') {
        const options = { config: this.deps.config, locale: answerLocale(text, activity.locale) };
        await context.sendActivity(this.card(composeHelpAnswer(question, options)));
        await context.sendActivity(this.card(composeMessageCard('phoneStillWaiting', options)));
        return;
      }
      if (await this.dialogs.continueDialog(context)) return;
    }
    const command = parseCommand(text);
    // Questions and commands alike are answered in the language they are clearly typed in.
    const locale = answerLocale(text, activity.locale);
    if (ADMIN_COMMANDS.has(command.kind)) {
      if (!(await this.guard.isAdmin(activity.from?.aadObjectId))) {
        await auditAdminCommandRefused(this.deps, activity.from?.aadObjectId, command.kind);
        await context.sendActivity(
          this.card(composeMessageCard('adminOnly', { config: this.deps.config, locale })),
        );
        return;
      }
      // Admin posts of a wave started elsewhere (the CLI) can go here when nothing better is set.
      await rememberAdminChat(this.deps, TurnContext.getConversationReference(activity), {
        id: activity.from.aadObjectId ?? activity.from.id,
        name: activity.from.name ?? '',
      });
    }
    await this.runCommand(context, command, locale);
  }

  /**
   * A file in the 1:1 chat (Teams delivers files to bots there only): a rollout admin's CSV becomes a
   * phone preload dry run. True when the message was about a file and has been answered.
   */
  private async handleFile(context: TurnContext, text: string): Promise<boolean> {
    const { activity } = context;
    if (!this.preload || (!activity.attachments?.length && !looksLikePastedPreload(text))) return false;
    if (activity.conversation?.conversationType !== 'personal') return false;
    const sender = { id: activity.from?.aadObjectId ?? activity.from.id, name: activity.from?.name ?? '' };
    const answer = await receivePreloadFile(this.deps, this.preload, {
      attachments: activity.attachments,
      text,
      sender,
      isAdmin: () => this.isAdmin(context),
      locale: activity.locale,
      chat: TurnContext.getConversationReference(activity),
    });
    switch (answer.kind) {
      case 'no-file':
        return false;
      case 'refused':
        await context.sendActivity(this.card(answer.card));
        return true;
      case 'reading':
        await context.sendActivity(this.card(answer.card));
        // After the turn: a big file's dry run takes longer than Teams waits for an answer.
        void answer.dryRun();
        return true;
      default:
        return assertNever(answer, 'preload file answer');
    }
  }

  /** The admin accepted the preload report's FileConsentCard: upload it, then show the file. */
  protected override async handleTeamsFileConsentAccept(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<void> {
    if (!this.preload) return;
    const answer = await sendPreloadReport(this.deps, this.preload, {
      value: response,
      clickerId: context.activity.from?.aadObjectId,
      isAdmin: await this.isAdmin(context),
      locale: context.activity.locale,
    });
    if (answer.ok) {
      // After the invoke's answer: Teams waits only seconds for it, a large report takes longer.
      const chat = TurnContext.getConversationReference(context.activity);
      void answer
        .upload()
        .then((fileCard) => this.deps.outbox.sendSoon(chat, { type: 'message', attachments: [fileCard] }))
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: (error as Error).message }, 'the preload report was not uploaded'),
        );
      return;
    }
    const key = answer.reason === 'gone' ? 'refusedExpired' : 'refusedInvalid';
    await context.sendActivity(
      this.card(composeMessageCard(key, { config: this.deps.config, locale: context.activity.locale })),
    );
  }

  /** Declined: nothing to upload; the dry-run card above keeps its Apply button. */
  protected override async handleTeamsFileConsentDecline(): Promise<void> {}

  /** Clients without Universal Actions send Action.Submit: same checks, then the card is updated. */
  private async handleSubmitFallback(context: TurnContext, value: object): Promise<void> {
    const activity = context.activity;
    const result = await this.cardAction(context, value);
    if (!result.card) {
      if (result.ok) await this.sendFollowUp(context, result);
      else await context.sendActivity(result.notice);
      return;
    }
    if (activity.replyToId && result.ok) {
      await context.updateActivity({ ...this.card(result.card), id: activity.replyToId });
      return;
    }
    await context.sendActivity(this.card(result.card));
  }

  /** `locale`: the one to answer in (answerLocale), kept by a wave started here for its admin cards. */
  private async runCommand(
    context: TurnContext,
    command: Command,
    locale: string | undefined,
  ): Promise<void> {
    const { deps } = this;
    const activity = context.activity;
    switch (command.kind) {
      case 'wave-start': {
        let checked: ReturnType<typeof checkWaveStartRequest>;
        try {
          checked = checkWaveStartRequest(deps, {
            groupId: command.groupId,
            name: command.name,
            deadlineDays: command.deadlineDays,
            includeOverlap: command.includeOverlap,
            createdBy: {
              id: activity.from?.aadObjectId ?? activity.from.id,
              name: activity.from?.name ?? 'admin',
            },
            adminConversation: { ...TurnContext.getConversationReference(activity) },
            locale,
          });
        } catch (error) {
          if (!(error instanceof WaveStartRefusedError)) throw error;
          await context.sendActivity(this.card(composeWaveStartRefusalCard(error.refusal, { locale })));
          return;
        }
        // Said before the job is queued, so it always comes before the job's answer.
        await context.sendActivity(
          this.card(composeMessageCard('waveChecking', { config: deps.config, locale })),
        );
        await queueWaveStart(deps, checked);
        return;
      }
      case 'wave-status':
        await context.sendActivity(this.card(await waveStatusCard(deps, command.waveId, locale)));
        return;
      case 'wave-list':
        await context.sendActivity(this.card(await waveListCard(deps, locale)));
        return;
      case 'wave-undo-user': {
        const admin = { id: activity.from?.aadObjectId ?? '', name: activity.from?.name ?? '' };
        const card = await undoUserEnforcementCard(deps, { ...command, admin, locale });
        await context.sendActivity(this.card(card));
        return;
      }
      case 'wave-usage': {
        const params = {
          maxName: WAVE_NAME_MAX_CHARS,
          minDays: DEADLINE_DAYS.min,
          maxDays: DEADLINE_DAYS.max,
        };
        await context.sendActivity(
          this.card(composeMessageCard('waveUsage', { config: deps.config, locale, params })),
        );
        return;
      }
      case 'my-status':
        await context.sendActivity(this.card(await myStatusCard(deps, activity.from?.aadObjectId, locale)));
        return;
      case 'help':
        await context.sendActivity(
          this.card(
            composeHelpAnswer('menu', {
              config: deps.config,
              locale,
              showAdminCommands: await this.isAdmin(context),
            }),
          ),
        );
        return;
      case 'unknown':
        await context.sendActivity(
          this.card(
            composeHelpReply(command.text, {
              config: deps.config,
              locale,
              showAdminCommands: await this.isAdmin(context),
            }),
          ),
        );
        return;
      default:
        assertNever(command, 'command');
    }
  }

  private isAdmin(context: TurnContext): Promise<boolean> {
    return this.guard.isAdmin(context.activity.from?.aadObjectId);
  }

  /** Best effort: the decision is made and the clicker sees it whatever happens to the others' copy. */
  private async updateSharedCard(context: TurnContext, activityId: string, card: Attachment): Promise<void> {
    try {
      await context.updateActivity({ ...this.card(card), id: activityId });
    } catch (error) {
      this.deps.logger.info(
        { err: (error as Error).message },
        'the shared card was not updated for everybody',
      );
    }
  }

  /** A card a click asked for, below the clicked one; its place is told back (to update it later). */
  private async sendFollowUp(
    context: TurnContext,
    result: Extract<CardActionResult, { send: Attachment }>,
  ): Promise<void> {
    const sent = await context.sendActivity(this.card(result.send));
    if (sent?.id && result.onSent) {
      await result.onSent({
        reference: TurnContext.getConversationReference(context.activity),
        activityId: sent.id,
      });
    }
  }

  private card(attachment: Attachment) {
    return { type: 'message' as const, attachments: [attachment] };
  }
}
