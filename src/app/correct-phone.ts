import { randomUUID } from 'node:crypto';
import { composePhoneApprovalCard } from '../cards/admin-cards';
import { t } from '../cards/locales';
import { getUser } from '../graph/users';
import { signActionToken } from '../rollout/action-token';
import { pendingCorrectionContext, sealPhone } from '../rollout/pending-phone-crypto';
import { formatPhoneForDisplay } from '../rollout/phone-display';
import { canApplyCorrection } from '../rollout/transitions';
import type { WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { PhoneCorrectionStore } from '../store/phone-corrections';
import { whereAdminPostsGo } from './admin-posts';
import type { RolloutDeps } from './deps';
import {
  auditCorrection,
  correctedAndConfirmed,
  failureDetail,
  helpdeskFor,
  reissueCard,
  writeNumber,
} from './phone-correction-steps';
import type { PhoneDialogEnd, PhoneDialogOptions, PhoneSubmission } from './phone-dialog-types';
import { adminCardLocale } from './wave-locale';

/** Writes a line in the user's chat, in the turn that is running. */
export type Say = (text: string) => Promise<unknown>;

/**
 * Applies a number a user gave in the phone dialog, as config.PHONE_CORRECTION_POLICY says:
 * - `self-service`: written at once with the app's own Graph permission;
 * - `approval`: kept sealed with a TTL and put to the helpdesk (the admin channel, else the wave's
 *   chat); the helpdesk's decision is decide-phone-correction.ts.
 * The user typed the number and said yes to it, so once written it counts as confirmed by them.
 * Every step is audited with the masked number only. `say` writes in the user's chat, in the
 * dialog's turn (before any card sent after it).
 */
export class PhoneCorrections {
  constructor(private readonly deps: RolloutDeps) {}

  private get pending(): PhoneCorrectionStore {
    return this.deps.phoneCorrections;
  }

  /** The user's usageLocation: the country a typed national number belongs to. */
  async defaultCountry(userId: string): Promise<string | undefined> {
    return (await getUser(this.deps.graph, userId))?.usageLocation;
  }

  helpdesk(locale: string | undefined): string {
    return helpdeskFor(this.deps, locale);
  }

  /** One audit line of the dialog's own (invalid numbers, cancels); never a clear number. */
  async auditDialog(entry: {
    action: string;
    waveId: string;
    userId: string;
    detail?: string;
  }): Promise<void> {
    await auditCorrection(this.deps, { ...entry, actor: entry.userId });
  }

  async submit(submission: PhoneSubmission, say: Say): Promise<void> {
    const { deps } = this;
    const { waveId, userId, locale } = submission;
    const [record, wave] = await Promise.all([deps.repo.getUser(waveId, userId), deps.repo.getWave(waveId)]);
    if (!record || !wave || !canApplyCorrection(record)) {
      await auditCorrection(deps, {
        action: 'phone-correction-not-needed',
        waveId,
        userId,
        actor: userId,
        detail: record?.status,
      });
      await say(t(locale, 'dialog.phone.notNeeded'));
      return;
    }
    if (deps.config.PHONE_CORRECTION_POLICY === 'self-service')
      await this.writeForUser(record, wave, submission, say);
    else await this.askHelpdesk(record, wave, submission, say);
  }

  /** The dialog ended without a number: a fresh card lets the user start again later. */
  async dialogEnded(options: PhoneDialogOptions, how: PhoneDialogEnd): Promise<void> {
    const [record, wave] = await Promise.all([
      this.deps.repo.getUser(options.waveId, options.userId),
      this.deps.repo.getWave(options.waveId),
    ]);
    if (record && wave) await reissueCard(this.deps, record, wave, options.userId, how);
  }

  private async writeForUser(
    record: WaveUserRecord,
    wave: Wave,
    { waveId, userId, locale, graphNumber, masked }: PhoneSubmission,
    say: Say,
  ): Promise<void> {
    const { deps } = this;
    const why = 'self-service';
    if (!(await writeNumber(deps, { waveId, userId, actor: userId, graphNumber, masked, why }))) {
      await say(t(locale, 'dialog.phone.saveFailed', { helpdesk: this.helpdesk(locale) }));
      await reissueCard(deps, record, wave, userId, 'write-failed');
      return;
    }
    await correctedAndConfirmed(deps, { record, wave, masked, locale, how: 'saved', actor: userId });
  }

  private async askHelpdesk(
    record: WaveUserRecord,
    wave: Wave,
    { waveId, userId, locale, graphNumber, masked }: PhoneSubmission,
    say: Say,
  ): Promise<void> {
    const { deps } = this;
    const place = await whereAdminPostsGo(deps, { purpose: 'approval', wave });
    const requestId = randomUUID();
    const now = deps.now();
    const token = signActionToken(
      { waveId, userId, cardId: requestId, exp: Math.floor(now.getTime() / 1000) + this.pending.ttlSeconds },
      deps.config.ACTION_TOKEN_SECRET,
      'phone-approval',
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
        locale: adminCardLocale(deps.config, wave),
      });
      await deps.outbox.sendSoon(place.reference, { type: 'message', attachments: [card] });
    } catch (error) {
      await this.pending.delete(waveId, userId);
      await auditCorrection(deps, {
        action: 'phone-approval-unavailable',
        waveId,
        userId,
        actor: userId,
        detail: failureDetail(error),
      });
      await say(t(locale, 'dialog.phone.noHelpdesk', { helpdesk: this.helpdesk(locale) }));
      await reissueCard(deps, record, wave, userId, 'approval-unavailable');
      return;
    }
    await auditCorrection(deps, {
      action: 'phone-correction-requested',
      waveId,
      userId,
      actor: userId,
      detail: `new number ${masked}, request ${requestId}`,
    });
    // The digest lists who waits for the helpdesk apart from who gave no number yet.
    await deps.jobs.refreshDigest(waveId);
    await say(t(locale, 'dialog.phone.sentForApproval'));
  }
}
