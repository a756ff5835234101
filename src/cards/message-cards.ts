/** The short message cards (a title and a body from the `message.<key>.*` locale strings), for users and admins alike. */
import type { LinkName } from './card-data';
import type { CardSettings } from './card-settings';
import { helpdeskName } from './helpdesk';
import { DEFAULT_LOCALE, type LocaleKey } from './locales';
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
  | 'approvalGone'
  | 'waveChecking'
  | 'waveStartFailed'
  | 'waveEmpty'
  | 'noWaveWithId'
  | 'messageTooLong'
  | 'userUndoUsage'
  | 'userNotInWave'
  | 'userNotEnforced'
  | 'userUndone'
  | 'userUndoFailed'
  | 'userUndoUnrecorded';

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

/**
 * The greeting in a user's 1:1 chat, the first time they install the app or open the chat: who the
 * bot is, what it will send, what to type; rollout admins also how to start and follow a wave.
 */
export function composeWelcomeCard(input: {
  config: CardSettings;
  locale?: string;
  admin: boolean;
}): AdaptiveCardAttachment {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const params = {
    org: input.config.ORGANIZATION_NAME,
    helpdesk: helpdeskName(locale, input.config.HELPDESK_CONTACT),
  };
  const paragraphs: LocaleKey[] = [
    'welcome.who',
    'welcome.what',
    'welcome.commands',
    ...(input.admin ? (['welcome.admin', 'preload.card.helpAdmin'] as const) : []),
    'help.neverAsk',
  ];
  return renderCard(
    'message',
    {
      title: { key: 'welcome.title', params },
      body: paragraphs.map((key) => ({ key, params })),
      links: ['mfaOverview'],
    },
    locale,
  );
}
