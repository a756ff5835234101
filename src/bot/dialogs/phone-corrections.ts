import { randomUUID } from 'node:crypto';
import type { Attachment, TurnContext } from 'botbuilder';
import { composeConfirmedCard, composeMessageCard, composePhoneApprovalCard } from '../../cards/compose';
import { helpdeskName } from '../../cards/helpdesk';
import { t } from '../../cards/locales';
import { GraphRequestError } from '../../graph/errors';
import { setMobilePhone } from '../../graph/phone-methods';
import { getUser } from '../../graph/users';
import { whereAdminPostsGo } from '../../queue/admin-posts';
import { sendFreshAwarenessCard } from '../../queue/awareness-delivery';
import type { RolloutDeps } from '../../queue/deps';
import { runEffects } from '../../queue/effects';
import { classifyDeliveryError, type UserChat, writeToUserChat } from '../../queue/user-chat';
import { type ActionClaims, signActionToken } from '../../rollout/action-token';
import { openPhone, pendingCorrectionContext, sealPhone } from '../../rollout/pending-phone-crypto';
import { formatPhoneForDisplay } from '../../rollout/phone-display';
import { canApplyCorrection, transition } from '../../rollout/transitions';
import type { WaveUserRecord } from '../../rollout/user-state';
import type { Wave } from '../../rollout/wave';
import type { PhoneCorrectionStore } from '../../store/phone-corrections';
import { retrySoon } from '../../teams/retry-soon';
import type {
  PhoneDialogEnd,
  PhoneDialogOptions,
  PhoneDialogPorts,
  PhoneSubmission,
} from './phone-correction-dialog';

/** Who clicked Approve / Reject on the helpdesk card. */
export interface Decider {
  id: string;
  name: string;
}

/** Only what may sit in an audit line about a Graph failure: never the request, never the number. */
function failureDetail(error: unknown): string {
  if (error instanceof GraphRequestError) return `graph ${error.status} ${error.code}`;
  const teams = classifyDeliveryError(error);
  if (teams.kind !== 'transient' || teams.status !== 0)
    return `teams ${teams.kind} ${teams.code ?? ''}`.trim();
  return error instanceof Error ? error.name : 'error';
}

/**
 * Applies a number a user gave, as config.PHONE_CORRECTION_POLICY says:
 * - `self-service`: written at once with the app's own Graph permission;
 * - `approval`: kept sealed with a TTL and put to the helpdesk (the admin channel, else the wave's chat);
 *   Approve writes it, Reject tells the user.
 * The user typed the number and said yes to it, so once written it counts as confirmed by them.
 * Every step is audited with the masked number only. Also the dialog's ports (see PhoneDialogPorts).
 */
export class PhoneCorrections {
  constructor(
    private readonly deps: RolloutDeps,
    private readonly pending: PhoneCorrectionStore,
  ) {}

  /** The ports the phone dialog talks to. */
  dialogPorts(): PhoneDialogPorts {
    const { deps } = this;
    return {
      secret: deps.config.ACTION_TOKEN_SECRET,
      helpdesk: (locale) => this.helpdesk(locale),
      defaultCountry: async (userId) => (await getUser(deps.graph, userId))?.usageLocation,
      submit: (context, submission) => this.submit(context, submission),
      ended: (context, options, how) => this.dialogEnded(context, options, how),
      audit: (entry) => this.audit({ ...entry, actor: entry.userId }),
    };
  }

  async submit(context: TurnContext, submission: PhoneSubmission): Promise<void> {
    const { deps } = this;
    const { waveId, userId, locale } = submission;
    const [record, wave] = await Promise.all([deps.repo.getUser(waveId, userId), deps.repo.getWave(waveId)]);
    if (!record || !wave || !canApplyCorrection(record)) {
      await this.audit({
        action: 'phone-correction-not-needed',
        waveId,
        userId,
        actor: userId,
        detail: record?.status,
      });
      await context.sendActivity(t(locale, 'dialog.phone.notNeeded'));
      return;
    }
    if (deps.config.PHONE_CORRECTION_POLICY === 'self-service') {
      await this.writeForUser(context, record, wave, submission);
    } else {
      await this.askHelpdesk(context, record, wave, submission);
    }
  }

  private async writeForUser(
    context: TurnContext,
    record: WaveUserRecord,
    wave: Wave,
    { waveId, userId, locale, graphNumber, masked }: PhoneSubmission,
  ): Promise<void> {
    try {
      const written = await setMobilePhone(this.deps.graph, userId, graphNumber);
      await this.audit({
        action: 'phone-written',
        waveId,
        userId,
        actor: userId,
        detail: `self-service, ${written.outcome}, new number ${masked}`,
      });
    } catch (error) {
      await this.audit({
        action: 'phone-write-failed',
        waveId,
        userId,
        actor: userId,
        detail: failureDetail(error),
      });
      this.deps.logger.warn({ waveId, userId, err: failureDetail(error) }, 'self-service phone write failed');
      await context.sendActivity(t(locale, 'dialog.phone.saveFailed', { helpdesk: this.helpdesk(locale) }));
      await this.reissueCard(record, wave, userId, 'write-failed');
      return;
    }
    await this.correctedAndConfirmed(record, wave, masked, locale, 'saved', userId);
  }

  private async askHelpdesk(
    context: TurnContext,
    record: WaveUserRecord,
    wave: Wave,
    { waveId, userId, locale, graphNumber, masked }: PhoneSubmission,
  ): Promise<void> {
    const { deps } = this;
    const place = await whereAdminPostsGo(deps, { purpose: 'approval', wave });
    const requestId = randomUUID();
    const now = deps.now();
    const token = signActionToken(
      { waveId, userId, cardId: requestId, exp: Math.floor(now.getTime() / 1000) + this.pending.ttlSeconds },
      deps.config.ACTION_TOKEN_SECRET,
    );
    const saved = {
      requestId,
      waveId,
      userId,
      sealed: sealPhone(
        graphNumber,
        deps.config.ACTION_TOKEN_SECRET,
        pendingCorrectionContext(waveId, userId, requestId),
      ),
      masked,
      requestedAt: now.toISOString(),
      locale,
    };
    try {
      if (!place) throw new Error('no admin conversation for this wave');
      await this.pending.save(saved);
      const card = composePhoneApprovalCard({
        record,
        wave,
        newPhone: formatPhoneForDisplay(graphNumber),
        token,
      });
      await deps.outbox.sendSoon(place.reference, { type: 'message', attachments: [card] });
    } catch (error) {
      await this.pending.delete(waveId, userId);
      await this.audit({
        action: 'phone-approval-unavailable',
        waveId,
        userId,
        actor: userId,
        detail: failureDetail(error),
      });
      await context.sendActivity(t(locale, 'dialog.phone.noHelpdesk', { helpdesk: this.helpdesk(locale) }));
      await this.reissueCard(record, wave, userId, 'approval-unavailable');
      return;
    }
    await this.audit({
      action: 'phone-correction-requested',
      waveId,
      userId,
      actor: userId,
      detail: `new number ${masked}, request ${requestId}`,
    });
    await context.sendActivity(t(locale, 'dialog.phone.sentForApproval'));
  }

  /**
   * What an Approve or Reject click acts on: the pending request (taken, so a second click finds
   * nothing), the user and the wave; or, when any is gone, the card that says so.
   */
  private async openDecision(
    claims: ActionClaims,
    admin: Decider,
    locale?: string,
  ): Promise<
    | { gone: Attachment }
    | {
        waveId: string;
        userId: string;
        requestId: string;
        pending: NonNullable<Awaited<ReturnType<PhoneCorrectionStore['take']>>>;
        record: WaveUserRecord;
        wave: Wave;
        cardLocale: string | undefined;
      }
  > {
    const { waveId, userId, cardId: requestId } = claims;
    const pending = await this.pending.take(waveId, userId, requestId);
    const [record, wave] = await Promise.all([
      this.deps.repo.getUser(waveId, userId),
      this.deps.repo.getWave(waveId),
    ]);
    const cardLocale = locale ?? wave?.locale;
    if (!pending || !record || !wave)
      return { gone: await this.gone(waveId, userId, admin, requestId, cardLocale) };
    return { waveId, userId, requestId, pending, record, wave, cardLocale };
  }

  /** Approve on the helpdesk card; the admin check happened before. Returns the card that replaces it. */
  async approve(claims: ActionClaims, token: string, admin: Decider, locale?: string): Promise<Attachment> {
    const decision = await this.openDecision(claims, admin, locale);
    if ('gone' in decision) return decision.gone;
    const { deps } = this;
    const { waveId, userId, requestId, pending, record, wave, cardLocale } = decision;
    if (!canApplyCorrection(record)) {
      await this.audit({
        action: 'phone-correction-obsolete',
        waveId,
        userId,
        actor: admin.id,
        detail: record.status,
      });
      return composePhoneApprovalCard({
        record,
        wave,
        newPhone: pending.masked,
        decision: { outcome: 'obsolete' },
        locale: cardLocale,
      });
    }
    let graphNumber: string;
    try {
      graphNumber = openPhone(
        pending.sealed,
        deps.config.ACTION_TOKEN_SECRET,
        pendingCorrectionContext(waveId, userId, requestId),
      );
    } catch {
      await this.audit({
        action: 'phone-correction-unreadable',
        waveId,
        userId,
        actor: admin.id,
        detail: `request ${requestId}`,
      });
      return this.gone(waveId, userId, admin, requestId, cardLocale);
    }
    try {
      const written = await setMobilePhone(deps.graph, userId, graphNumber);
      await this.audit({
        action: 'phone-written',
        waveId,
        userId,
        actor: admin.id,
        detail: `approved, ${written.outcome}, new number ${pending.masked}`,
      });
    } catch (error) {
      // Back into the queue: the helpdesk can press Approve again once Graph answers.
      await this.pending.restore(pending, deps.now());
      await this.audit({
        action: 'phone-write-failed',
        waveId,
        userId,
        actor: admin.id,
        detail: failureDetail(error),
      });
      deps.logger.warn({ waveId, userId, err: failureDetail(error) }, 'approved phone write failed');
      return composePhoneApprovalCard({
        record,
        wave,
        newPhone: formatPhoneForDisplay(graphNumber),
        token,
        writeFailed: true,
        locale: cardLocale,
      });
    }
    await this.audit({
      action: 'phone-correction-approved',
      waveId,
      userId,
      actor: admin.id,
      detail: `new number ${pending.masked}, request ${requestId}, by ${admin.name}`,
    });
    await this.correctedAndConfirmed(record, wave, pending.masked, pending.locale, 'approved', admin.id);
    return composePhoneApprovalCard({
      record,
      wave,
      newPhone: pending.masked,
      decision: { outcome: 'approved', by: admin.name },
      locale: cardLocale,
    });
  }

  /** Reject on the helpdesk card: nothing is written; the user hears it and gets a card to try again. */
  async reject(claims: ActionClaims, admin: Decider, locale?: string): Promise<Attachment> {
    const decision = await this.openDecision(claims, admin, locale);
    if ('gone' in decision) return decision.gone;
    const { waveId, userId, requestId, pending, record, wave, cardLocale } = decision;
    await this.audit({
      action: 'phone-correction-rejected',
      waveId,
      userId,
      actor: admin.id,
      detail: `number ${pending.masked}, request ${requestId}, by ${admin.name}`,
    });
    const userLocale = pending.locale ?? record.locale ?? 'en';
    await this.tellUser(
      { waveId, userId },
      t(userLocale, 'dialog.phone.rejected', { number: pending.masked, helpdesk: this.helpdesk(userLocale) }),
    );
    await this.reissueCard(record, wave, admin.id, 'rejected');
    return composePhoneApprovalCard({
      record,
      wave,
      newPhone: pending.masked,
      decision: { outcome: 'rejected', by: admin.name },
      locale: cardLocale,
    });
  }

  /** The dialog ended without a number: a fresh card lets the user start again later. */
  private async dialogEnded(
    _context: TurnContext,
    options: PhoneDialogOptions,
    how: PhoneDialogEnd,
  ): Promise<void> {
    const [record, wave] = await Promise.all([
      this.deps.repo.getUser(options.waveId, options.userId),
      this.deps.repo.getWave(options.waveId),
    ]);
    if (record && wave) await this.reissueCard(record, wave, options.userId, how);
  }

  /**
   * The number is on the account. The user typed it and said yes to it in the dialog, so it is
   * recorded as corrected (by whoever wrote it) and confirmed (by the user), and the user gets one
   * short final card: no card asking them to confirm, a third time, the number they just confirmed.
   */
  private async correctedAndConfirmed(
    record: WaveUserRecord,
    wave: Wave,
    masked: string,
    locale: string | undefined,
    how: 'saved' | 'approved',
    actor: string,
  ): Promise<void> {
    const { deps } = this;
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
      locale: locale ?? record.locale ?? 'en',
      how,
    });
    await this.tellUser({ waveId, userId }, card);
  }

  /**
   * A fresh, brief awareness card (new card id: old cards' tokens go stale) without a change of
   * state, so the user can try again: what to do and the buttons, not the whole card they read already.
   */
  private async reissueCard(record: WaveUserRecord, wave: Wave, actor: string, why: string): Promise<void> {
    const { deps } = this;
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
      await this.audit({
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

  private async gone(
    waveId: string,
    userId: string,
    admin: Decider,
    requestId: string,
    locale: string | undefined,
  ): Promise<Attachment> {
    await this.audit({
      action: 'phone-approval-stale',
      waveId,
      userId,
      actor: admin.id,
      detail: `request ${requestId}`,
    });
    return composeMessageCard('approvalGone', { config: this.deps.config, locale });
  }

  /** A text or a card to the user's 1:1 chat, from any turn (the admin's click, a dialog turn). */
  private async tellUser(chat: UserChat, message: string | Attachment): Promise<void> {
    const activity =
      typeof message === 'string'
        ? { type: 'message', text: message }
        : { type: 'message', attachments: [message] };
    try {
      await retrySoon(() =>
        writeToUserChat(this.deps, chat, (reference) => this.deps.outbox.send(reference, activity)),
      );
    } catch (error) {
      this.deps.logger.warn(
        { userId: chat.userId, err: failureDetail(error) },
        'could not tell the user about their number',
      );
    }
  }

  private helpdesk(locale: string): string {
    return helpdeskName(locale, this.deps.config.HELPDESK_CONTACT);
  }

  private async audit(entry: {
    action: string;
    waveId: string;
    userId: string;
    actor: string;
    detail?: string;
  }) {
    await this.deps.audit.append({ at: this.deps.now().toISOString(), ...entry });
  }
}
