import {
  type AdaptiveCardAttachment,
  type CardText,
  formatDate,
  helpdeskName,
  type LinkName,
  type LocaleKey,
  loadLinks,
  renderCard,
  resolveLocale,
  SMS_VOICE_RETIREMENT,
  translate,
} from '../../cards';
import { DEFAULT_LOCALE } from '../../cards/locales';
import type { Config } from '../../config';
import type { HelpIntent } from './intents';
import { matchHelpIntent } from './match-question';
import { questionLanguage } from './question-language';

/**
 * Answers to the help questions `match-question.ts` recognises: short cards built on the `message`
 * template (a title, plain-text paragraphs and Microsoft's end-user links from cards/links.json).
 *
 * Every answer ends with the same reminder: neither IT nor this bot ever asks for a sign-in code or
 * a password, except the "is it real?" answer, which says so in its own words. That answer has no links on purpose: someone who doubts a message should
 * not be asked to click in it, so it tells them to type the address themselves.
 *
 * The message template has no buttons, so the menu lists the questions as text; each listed
 * question is itself a phrasing `matchHelpIntent` recognises in that language (tested).
 */

export type HelpCardSettings = Pick<Config, 'ORGANIZATION_NAME' | 'HELPDESK_CONTACT'>;

export interface HelpAnswerOptions {
  config: HelpCardSettings;
  /** The reader's locale tag (Teams activity locale); unsupported or absent → English. */
  locale?: string;
  /** Menu and unknown answers only: add the line listing the admin commands. */
  showAdminCommands?: boolean;
}

interface AnswerSpec {
  title: LocaleKey;
  paragraphs: readonly LocaleKey[];
  links: readonly LinkName[];
  /** A paragraph already says that nobody asks for codes: no reminder under it. */
  saysNeverAsk?: true;
}

const ANSWERS: Record<Exclude<HelpIntent, 'menu'>, AnswerSpec> = {
  'what-is-mfa': {
    title: 'help.mfa.title',
    paragraphs: ['help.mfa.body', 'help.mfa.forYou'],
    links: ['mfaOverview', 'setUpSecurityInfo'],
  },
  why: {
    title: 'help.why.title',
    paragraphs: ['help.why.body', 'help.why.todo'],
    links: ['mfaOverview'],
  },
  'is-it-real': {
    title: 'help.isItReal.title',
    paragraphs: ['help.isItReal.body', 'help.isItReal.asks', 'help.isItReal.check'],
    links: [],
    saysNeverAsk: true,
  },
  'lost-phone': {
    title: 'help.lostPhone.title',
    paragraphs: ['help.lostPhone.contact', 'help.lostPhone.otherMethod', 'help.lostPhone.update'],
    links: ['mySecurityInfo', 'commonProblems'],
  },
  authenticator: {
    title: 'help.authenticator.title',
    paragraphs: ['help.authenticator.step1', 'help.authenticator.step2', 'help.authenticator.step3'],
    links: ['authenticatorApp', 'passkeys', 'mySecurityInfo'],
  },
  'sms-retirement': {
    title: 'help.smsRetirement.title',
    paragraphs: ['help.smsRetirement.body', 'help.smsRetirement.action', 'help.smsRetirement.recovery'],
    links: ['authenticatorApp', 'passkeys', 'mySecurityInfo'],
  },
  privacy: {
    title: 'help.privacy.title',
    paragraphs: ['help.privacy.body', 'help.privacy.bot', 'help.privacy.manage'],
    links: ['mySecurityInfo'],
  },
};

/** The example question per intent, in menu order; each must match its own intent. */
export const MENU_QUESTIONS: readonly { intent: Exclude<HelpIntent, 'menu'>; key: LocaleKey }[] = [
  { intent: 'what-is-mfa', key: 'help.question.whatIsMfa' },
  { intent: 'why', key: 'help.question.why' },
  { intent: 'is-it-real', key: 'help.question.isItReal' },
  { intent: 'lost-phone', key: 'help.question.lostPhone' },
  { intent: 'authenticator', key: 'help.question.authenticator' },
  { intent: 'sms-retirement', key: 'help.question.smsRetirement' },
  { intent: 'privacy', key: 'help.question.privacy' },
];

const NEVER_ASK: LocaleKey = 'help.neverAsk';

/** Values every help string may use: {helpdesk}, {org}, {url} (My Security Info) and {retirementDate}. */
function textParams(locale: string, config: HelpCardSettings): Record<string, string> {
  return {
    helpdesk: helpdeskName(locale, config.HELPDESK_CONTACT),
    org: config.ORGANIZATION_NAME,
    url: loadLinks().mySecurityInfo,
    retirementDate: formatDate(locale, SMS_VOICE_RETIREMENT),
  };
}

function menuCard(options: HelpAnswerOptions, title: LocaleKey, intro: LocaleKey): AdaptiveCardAttachment {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const params = textParams(locale, options.config);
  const body: CardText[] = [
    { key: intro, params },
    // Literal, already localised: the bullet is layout, not a sentence to translate.
    ...MENU_QUESTIONS.map(({ key }) => `• ${translate(locale, key)}`),
    // A command, not a question: its words are the ones parseCommand knows in this language.
    { key: 'help.menu.myStatus', params },
    ...(options.showAdminCommands
      ? [
          { key: 'help.menu.admin', params },
          { key: 'preload.card.helpAdmin', params },
        ]
      : []),
    { key: NEVER_ASK, params },
  ];
  return renderCard('message', { title: { key: title, params }, body, links: ['mfaOverview'] }, locale);
}

/** The answer card for a recognised help intent, in the reader's language. */
export function composeHelpAnswer(intent: HelpIntent, options: HelpAnswerOptions): AdaptiveCardAttachment {
  if (intent === 'menu') return menuCard(options, 'help.menu.title', 'help.menu.intro');
  const locale = options.locale ?? DEFAULT_LOCALE;
  const params = textParams(locale, options.config);
  const spec = ANSWERS[intent];
  return renderCard(
    'message',
    {
      title: { key: spec.title, params },
      body: [...spec.paragraphs, ...(spec.saysNeverAsk ? [] : [NEVER_ASK])].map((key) => ({ key, params })),
      links: spec.links,
    },
    locale,
  );
}

/** For text no intent matches: "I didn't catch that" and the menu of questions. */
export function composeUnknownAnswer(options: HelpAnswerOptions): AdaptiveCardAttachment {
  return menuCard(options, 'help.unknown.title', 'help.unknown.intro');
}

/**
 * The locale to answer a question in: the language it is clearly written in ("hvad er MFA?" in an
 * en-US client: Danish), else the reader's own tag (kept whole, so en-US readers keep their dates).
 */
export function answerLocale(text: string, locale: string | undefined): string | undefined {
  const language = questionLanguage(text, locale);
  return language === resolveLocale(locale) ? locale : language;
}

/**
 * One call for the chat's default branch: the answer to a recognised question, else the unknown
 * menu, in the language of the question (answerLocale). Callers route admin commands first
 * (matchHelpIntent never claims them anyway).
 */
export function composeHelpReply(text: string, options: HelpAnswerOptions): AdaptiveCardAttachment {
  const answer = { ...options, locale: answerLocale(text, options.locale) };
  const intent = matchHelpIntent(text, answer.locale);
  return intent ? composeHelpAnswer(intent, answer) : composeUnknownAnswer(answer);
}
