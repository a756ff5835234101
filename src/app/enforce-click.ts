import { type LocaleKey, t } from '../cards/locales';
import type { PlanActor } from '../rollout/enforcement-plan';
import type { CardActionResult, RefusalReason } from './card-action-types';
import { refuseWithNotice } from './card-refusal';
import type { RolloutDeps } from './deps';

/** An enforcement click that passed its checks: the subject its token names, and who clicked. */
export type EnforceClick = {
  deps: RolloutDeps;
  subject: string;
  admin: PlanActor;
  locale: string | undefined;
  /** The bot's admin guard (cached), so the use cases do not look the clicker up again. */
  isAdmin: (userId: string) => Promise<boolean>;
};

/** A refused enforcement click: audited, the card stays, only the clicker reads why. */
export function refuseEnforceClick(
  { deps, admin, locale }: EnforceClick,
  reason: RefusalReason,
  key: LocaleKey,
  waveId?: string,
): Promise<CardActionResult> {
  return refuseWithNotice(
    deps,
    reason,
    admin.id,
    t(locale, key),
    waveId ? { waveId, userId: '' } : undefined,
  );
}
