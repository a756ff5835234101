import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { Redis } from 'ioredis';
import { composeDigestCard, composeMessageCard, composeWaveStartRefusalCard } from '../cards/compose';
import { formatDate } from '../cards/format';
import { translate } from '../cards/locales';
import type { RolloutDeps } from '../queue/deps';
import { checkWaveStartRequest, queueWaveStart } from '../queue/wave-start-job';
import { isWaveId } from '../rollout/wave';
import { DEADLINE_DAYS, WAVE_NAME_MAX_CHARS, WaveStartRefusedError } from '../rollout/wave-start';
import { rolloutKeys } from '../store/keys';
import { PhoneCorrectionStore } from '../store/phone-corrections';
import { RedisBotStorage } from '../store/redis-bot-storage';
import { readWaveDigest } from '../store/wave-digest-reader';
import type { AdminGuard } from './admin-guard';
import { type CardActionResult, handleCardAction } from './card-actions';
import { ADMIN_COMMANDS, type Command, MAX_MESSAGE_CHARS, parseCommand } from './commands';
import { DialogHost } from './dialogs/dialog-host';
import { PhoneCorrections } from './dialogs/phone-corrections';
import { answerLocale, composeHelpAnswer, composeHelpReply, matchHelpIntent } from './help';

/** Universal Actions: an invoke response of this type shows a message to the clicker and leaves the card as it is. */
const INVOKE_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

/**
 * Teams entry point: remembers where each user can be reached, routes card clicks (Action.Execute
 * invokes and Action.Submit fallbacks) and chat commands. Decisions live in the rollout core.
 */
export class RolloutBot extends TeamsActivityHandler {
  readonly corrections: PhoneCorrections;
  readonly dialogs: DialogHost;

  /** `redis` holds dialog state (RedisBotStorage) and phone numbers awaiting the helpdesk (sealed). */
  constructor(
    private readonly deps: RolloutDeps,
    private readonly guard: AdminGuard,
    redis: Redis,
  ) {
    super();
    this.corrections = new PhoneCorrections(deps, new PhoneCorrectionStore(redis, deps.config.REDIS_PREFIX));
    this.dialogs = new DialogHost(
      new RedisBotStorage(redis, rolloutKeys(deps.config.REDIS_PREFIX)),
      this.corrections.dialogPorts(),
    );
    this.onMessage(async (context, next) => {
      await this.rememberPersonalChat(context);
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberPersonalChat(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.rememberPersonalChat(context);
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
      // A shared card (the helpdesk's) stays as it is; only the clicker reads why nothing happened.
      return {
        statusCode: 200,
        type: INVOKE_MESSAGE_TYPE,
        value: result.notice as unknown as Record<string, unknown>,
      };
    }
    // The invoke response replaces the card in place, so the buttons cannot be pressed twice.
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card.content };
  }

  /** Checks and applies a click, then starts what it asked for (the phone dialog) in the same turn. */
  private async cardAction(context: TurnContext, data: object): Promise<CardActionResult> {
    const activity = context.activity;
    const result = await handleCardAction(this.deps, data, activity.from?.aadObjectId, activity.locale, {
      isAdmin: (userId) => this.guard.isAdmin(userId),
      corrections: this.corrections,
      clickerName: activity.from?.name,
      answerNumberQuestion: (click) => this.dialogs.answerNumberQuestion(context, click),
    });
    if (result.ok && result.followUp) {
      const { waveId, userId, mode, locale } = result.followUp;
      await this.dialogs.startPhoneDialog(context, { waveId, userId, mode, locale });
    }
    return result;
  }

  private async rememberPersonalChat(context: TurnContext): Promise<void> {
    const { conversation, from } = context.activity;
    if (conversation?.conversationType !== 'personal' || !from?.aadObjectId) return;
    await this.deps.refs.saveForUser(
      from.aadObjectId,
      TurnContext.getConversationReference(context.activity),
    );
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const value = activity.value as { verb?: unknown } | undefined;
    if (value && typeof value === 'object' && typeof value.verb === 'string') {
      await this.handleSubmitFallback(context, value);
      return;
    }
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
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
    if (ADMIN_COMMANDS.has(command.kind)) {
      if (!(await this.guard.isAdmin(activity.from?.aadObjectId))) {
        await this.deps.audit.append({
          at: this.deps.now().toISOString(),
          actor: activity.from?.aadObjectId ?? 'unknown',
          action: 'admin-command-refused',
          detail: command.kind,
        });
        await context.sendActivity(
          this.card(composeMessageCard('adminOnly', { config: this.deps.config, locale: activity.locale })),
        );
        return;
      }
      // Admin posts of a wave started elsewhere (the CLI) can go here when nothing better is set.
      await this.deps.refs.saveLastAdminChat({
        reference: TurnContext.getConversationReference(activity),
        admin: { id: activity.from.aadObjectId ?? activity.from.id, name: activity.from.name ?? '' },
        at: this.deps.now().toISOString(),
      });
    }
    await this.runCommand(context, command);
  }

  /** Clients without Universal Actions send Action.Submit: same checks, then the card is updated. */
  private async handleSubmitFallback(context: TurnContext, value: object): Promise<void> {
    const activity = context.activity;
    const result = await this.cardAction(context, value);
    if (!result.card) {
      await context.sendActivity(result.notice);
      return;
    }
    if (activity.replyToId && result.ok) {
      await context.updateActivity({ ...this.card(result.card), id: activity.replyToId });
      return;
    }
    await context.sendActivity(this.card(result.card));
  }

  private async runCommand(context: TurnContext, command: Command): Promise<void> {
    const { deps } = this;
    const activity = context.activity;
    const locale = activity.locale;
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
      case 'wave-status': {
        const wave = command.waveId
          ? isWaveId(command.waveId)
            ? await deps.repo.getWave(command.waveId)
            : undefined
          : (await deps.repo.listWaves(1))[0];
        if (!wave) {
          await context.sendActivity(
            this.card(
              composeMessageCard(command.waveId ? 'noWaveWithId' : 'noWaves', {
                config: deps.config,
                locale,
              }),
            ),
          );
          return;
        }
        const digest = await readWaveDigest(deps.repo, wave.id);
        await context.sendActivity(
          this.card(composeDigestCard({ wave, digest, config: deps.config, locale })),
        );
        return;
      }
      case 'wave-list': {
        const waves = await deps.repo.listWaves(10);
        const lines = waves.map((w) => `${w.name} (${w.id}): ${w.total} users, ${w.status}`);
        await context.sendActivity(
          this.card(
            composeMessageCard(waves.length ? 'waveList' : 'noWaves', {
              config: deps.config,
              locale,
              params: { list: lines.join('\n') },
            }),
          ),
        );
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
        await context.sendActivity(this.card(await this.myStatusCard(activity.from?.aadObjectId, locale)));
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
      default:
        await context.sendActivity(
          this.card(
            composeHelpReply(command.text, {
              config: deps.config,
              locale,
              showAdminCommands: await this.isAdmin(context),
            }),
          ),
        );
    }
  }

  private isAdmin(context: TurnContext): Promise<boolean> {
    return this.guard.isAdmin(context.activity.from?.aadObjectId);
  }

  /** Where the user stands in the one active wave they are in, in their language. */
  private async myStatusCard(userId: string | undefined, locale: string | undefined): Promise<Attachment> {
    const { deps } = this;
    const lines: string[] = [];
    if (userId) {
      await deps.activeWaves.indexOlderWaves();
      const waveId = await deps.activeWaves.waveOf(userId);
      const wave = waveId ? await deps.repo.getWave(waveId) : undefined;
      const record = wave ? await deps.repo.getUser(wave.id, userId) : undefined;
      if (wave && record) {
        const state = record.status === 'no-phone' ? 'noPhone' : record.status;
        lines.push(
          translate(locale ?? 'en', 'message.myStatus.line', {
            wave: wave.name,
            state: translate(locale ?? 'en', `state.${state}`),
            date: formatDate(locale ?? 'en', wave.deadline.slice(0, 10)),
          }),
        );
      }
    }
    if (!lines.length) return composeMessageCard('myStatusNone', { config: deps.config, locale });
    return composeMessageCard('myStatus', {
      config: deps.config,
      locale,
      params: { list: lines.join('\n') },
    });
  }

  private card(attachment: Attachment) {
    return { type: 'message' as const, attachments: [attachment] };
  }
}
