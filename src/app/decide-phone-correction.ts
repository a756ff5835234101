import type { Attachment } from 'botbuilder';
import { composePhoneApprovalCard } from '../cards/admin-cards';
import { DEFAULT_LOCALE, t } from '../cards/locales';
import { composeMessageCard } from '../cards/message-cards';
import type { ActionClaims } from '../rollout/action-token';
import { openPhone, pendingCorrectionContext } from '../rollout/pending-phone-crypto';
import { formatPhoneForDisplay } from '../rollout/phone-display';
import { canApplyCorrection } from '../rollout/transitions';
import type { WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { PendingCorrection, PhoneCorrectionStore } from '../store/phone-corrections';
import type { RolloutDeps } from './deps';
import {
  auditCorrection,
  correctedAndConfirmed,
  helpdeskFor,
  reissueCard,
  tellUser,
  writeNumber,
} from './phone-correction-steps';
import { adminCardLocale } from './wave-locale';

/** Who clicked Approve / Reject on the helpdesk card. */
export interface Decider {
  id: string;
  name: string;
}

/** What an Approve or Reject click acts on, once it was taken from the queue of pending requests. */
interface OpenDecision {
  waveId: string;
  userId: string;
  requestId: string;
  pending: PendingCorrection;
  record: WaveUserRecord;
  wave: Wave;
  cardLocale: string | undefined;
}

/**
 * The helpdesk's answer to a corrected number (policy `approval`). The caller checked that the
 * clicker is an admin and not the user asking; each method returns the card that replaces the
 * helpdesk card. Every step is audited with the masked number only.
 */
export class PhoneCorrectionDecisions {
  constructor(private readonly deps: RolloutDeps) {}

  private get pending(): PhoneCorrectionStore {
    return this.deps.phoneCorrections;
  }

  /** Approve: the number is written with the app's permission, and the user is told (one short card). */
  async approve(claims: ActionClaims, token: string, admin: Decider, locale?: string): Promise<Attachment> {
    const decision = await this.open(claims, admin, locale);
    if ('gone' in decision) return decision.gone;
    const { deps } = this;
    const { waveId, userId, requestId, pending, record, wave, cardLocale } = decision;
    if (!canApplyCorrection(record)) {
      await auditCorrection(deps, {
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
      await auditCorrection(deps, {
        action: 'phone-correction-unreadable',
        waveId,
        userId,
        actor: admin.id,
        detail: `request ${requestId}`,
      });
      return this.gone(waveId, userId, admin, requestId, cardLocale);
    }
    const written = await writeNumber(deps, {
      waveId,
      userId,
      actor: admin.id,
      graphNumber,
      masked: pending.masked,
      why: 'approved',
    });
    if (!written) {
      // Back into the queue: the helpdesk can press Approve again once Graph answers.
      await this.pending.restore(pending, deps.now());
      return composePhoneApprovalCard({
        record,
        wave,
        newPhone: formatPhoneForDisplay(graphNumber),
        token,
        writeFailed: true,
        locale: cardLocale,
      });
    }
    await auditCorrection(deps, {
      action: 'phone-correction-approved',
      waveId,
      userId,
      actor: admin.id,
      detail: `new number ${pending.masked}, request ${requestId}, by ${admin.name}`,
    });
    await correctedAndConfirmed(deps, {
      record,
      wave,
      masked: pending.masked,
      locale: pending.locale,
      how: 'approved',
      actor: admin.id,
    });
    return composePhoneApprovalCard({
      record,
      wave,
      newPhone: pending.masked,
      decision: { outcome: 'approved', by: admin.name },
      locale: cardLocale,
    });
  }

  /** Reject: nothing is written; the user hears it and gets a card to try again. */
  async reject(claims: ActionClaims, admin: Decider, locale?: string): Promise<Attachment> {
    const decision = await this.open(claims, admin, locale);
    if ('gone' in decision) return decision.gone;
    const { deps } = this;
    const { waveId, userId, requestId, pending, record, wave, cardLocale } = decision;
    await auditCorrection(deps, {
      action: 'phone-correction-rejected',
      waveId,
      userId,
      actor: admin.id,
      detail: `number ${pending.masked}, request ${requestId}, by ${admin.name}`,
    });
    const userLocale = pending.locale ?? record.locale ?? DEFAULT_LOCALE;
    await tellUser(
      deps,
      { waveId, userId },
      t(userLocale, 'dialog.phone.rejected', {
        number: pending.masked,
        helpdesk: helpdeskFor(deps, userLocale),
      }),
    );
    await reissueCard(deps, record, wave, admin.id, 'rejected');
    return composePhoneApprovalCard({
      record,
      wave,
      newPhone: pending.masked,
      decision: { outcome: 'rejected', by: admin.name },
      locale: cardLocale,
    });
  }

  /**
   * What the click acts on: the pending request (taken, so a second click finds nothing), the user
   * and the wave; or, when any is gone, the card that says so.
   */
  private async open(
    claims: ActionClaims,
    admin: Decider,
    locale?: string,
  ): Promise<{ gone: Attachment } | OpenDecision> {
    const { waveId, userId, cardId: requestId } = claims;
    const pending = await this.pending.take(waveId, userId, requestId);
    const [record, wave] = await Promise.all([
      this.deps.repo.getUser(waveId, userId),
      this.deps.repo.getWave(waveId),
    ]);
    const cardLocale = locale ?? (wave && adminCardLocale(this.deps.config, wave));
    if (!pending || !record || !wave)
      return { gone: await this.gone(waveId, userId, admin, requestId, cardLocale) };
    return { waveId, userId, requestId, pending, record, wave, cardLocale };
  }

  private async gone(
    waveId: string,
    userId: string,
    admin: Decider,
    requestId: string,
    locale: string | undefined,
  ): Promise<Attachment> {
    await auditCorrection(this.deps, {
      action: 'phone-approval-stale',
      waveId,
      userId,
      actor: admin.id,
      detail: `request ${requestId}`,
    });
    return composeMessageCard('approvalGone', { config: this.deps.config, locale });
  }
}
