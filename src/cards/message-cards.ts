/** The short message cards (a title and a body from the `message.<key>.*` locale strings), for users and admins alike. */
import type { LinkName } from './card-data';
import type { CardSettings } from './card-settings';
import { helpdeskName } from './helpdesk';
import { DEFAULT_LOCALE } from './locales';
import { type AdaptiveCardAttachment, renderCard } from './render';

export type MessageKey =
  | 'nothingToDo'
  | 'refusedWrongUser'
  | 'refusedExpired'
  | 'refusedInvalid'
  | 'adminOnly'
  | 'waveStarting'
  | 'noWaves'
  | 'waveList'
  | 'help'
  | 'cardReplaced'
  | 'managerEscalation'
  | 'snoozeLimit'
  | 'strongMethodThanks'
  | 'waveUsage'
  | 'myStatus'
  | 'myStatusNone'
  | 'phoneStillWaiting'
  | 'phoneDisputeStarted'
  | 'phoneAddStarted'
  | 'enforceNotYet'
  | 'approvalGone'
  | 'waveChecking'
  | 'waveStartFailed'
  | 'noWaveWithId'
  | 'messageTooLong';

const MESSAGE_LINKS: Partial<Record<MessageKey, LinkName[]>> = {
  strongMethodThanks: ['mySecurityInfo'],
  help: ['mfaOverview', 'mySecurityInfo', 'authenticatorApp', 'commonProblems'],
};

/** A short card whose title and body come from the `message.<key>.*` locale strings. */
export function composeMessageCard(
  key: MessageKey,
  input: { config: CardSettings; locale?: string; params?: Record<string, string | number> },
): AdaptiveCardAttachment {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const params = {
    helpdesk: helpdeskName(locale, input.config.HELPDESK_CONTACT),
    ...input.params,
  };
  return renderCard(
    'message',
    {
      title: { key: `message.${key}.title`, params },
      body: [{ key: `message.${key}.body`, params }],
      links: MESSAGE_LINKS[key],
    },
    locale,
  );
}
