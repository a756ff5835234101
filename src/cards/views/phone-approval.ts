import type { PhoneApprovalCardData } from '../card-data';
import { resolveLocale, t } from '../locales';
import { assertMaskedPhone, assertToken } from './shared';

function outcomeText(data: PhoneApprovalCardData, locale: string): string {
  const decision = data.decision;
  if (!decision) return '';
  const name = data.userDisplayName;
  switch (decision.outcome) {
    case 'approved':
      return t(locale, 'approval.approved', { admin: decision.by, name });
    case 'rejected':
      return t(locale, 'approval.rejected', { admin: decision.by, name });
    case 'obsolete':
      return t(locale, 'approval.obsolete', { name });
  }
}

/**
 * The labels of the two numbers: while the helpdesk decides, the number on the account now and the
 * new one; once approved, the previous and the new; once rejected (or no longer needed), the one
 * still on file and the one asked for.
 */
function numberLabels(data: PhoneApprovalCardData, locale: string): { old: string; asked: string } {
  const outcome = data.decision?.outcome;
  switch (outcome) {
    case undefined:
      return { old: t(locale, 'approval.currentNumber'), asked: t(locale, 'approval.newNumber') };
    case 'approved':
      return { old: t(locale, 'approval.previousNumber'), asked: t(locale, 'approval.newNumber') };
    case 'rejected':
    case 'obsolete':
      return { old: t(locale, 'approval.numberOnFile'), asked: t(locale, 'approval.requestedNumber') };
  }
}

/**
 * What `cards/phone-approval.json` binds to. The new number is shown in clear only while the
 * helpdesk has to verify it; a decided card must carry the masked form. Names, UPNs and numbers are
 * fact values in TextRuns, so they are shown exactly as typed.
 */
export function phoneApprovalView(data: PhoneApprovalCardData, locale: string) {
  const decided = data.decision !== undefined;
  const current = data.currentPhone?.trim() || undefined;
  if (current !== undefined) assertMaskedPhone(current);
  const newPhone = data.newPhone.trim();
  if (decided) assertMaskedPhone(newPhone);
  const canDecide = !decided && data.token !== undefined;
  if (canDecide) assertToken('phone-approval', data.token);
  const labels = numberLabels(data, locale);
  return {
    lang: resolveLocale(locale),
    decided,
    canDecide,
    writeFailed: !decided && data.writeFailed === true,
    token: data.token ?? '',
    facts: [
      { label: t(locale, 'approval.user'), value: data.userDisplayName, weight: 'default' },
      { label: t(locale, 'approval.upn'), value: data.userPrincipalName, weight: 'default' },
      { label: t(locale, 'approval.wave'), value: data.waveName, weight: 'default' },
      { label: labels.old, value: current ?? t(locale, 'approval.noNumber'), weight: 'default' },
      { label: labels.asked, value: newPhone, weight: 'bolder' },
    ],
    text: {
      fallbackText: t(locale, 'approval.fallbackText', { name: data.userDisplayName }),
      heading: t(locale, decided ? 'approval.headingDecided' : 'approval.heading'),
      intro: t(locale, 'approval.intro', { name: data.userDisplayName }),
      outcome: outcomeText(data, locale),
      writeFailed: t(locale, 'approval.writeFailed'),
      verifyHint: t(locale, 'approval.verifyHint'),
      approve: t(locale, 'action.approvePhone'),
      reject: t(locale, 'action.rejectPhone'),
    },
  };
}
