import type { RolloutEvent } from '../rollout/transitions';

/**
 * What the audit stream keeps about a transition's event: only facts safe to keep for years, never a
 * clear phone number.
 */
export function transitionAuditDetail(event: RolloutEvent): string | undefined {
  switch (event.type) {
    case 'delivery-failed':
    case 'excluded':
      return event.reason;
    case 'phone-corrected':
      return `new number ${event.phoneMasked}`;
    case 'phone-confirmed':
      return event.typedInDialog ? 'typed and confirmed by the user in the phone dialog' : undefined;
    case 'enforced':
      return event.override ? 'admin override' : undefined;
    case 'enforcement-undone':
      return `undone, back to ${event.restoreTo}`;
    case 'card-sent':
      return `card ${event.cardId}`;
    default:
      return undefined;
  }
}
