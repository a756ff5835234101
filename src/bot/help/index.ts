/** Help in chat: free-text questions → intents → short answer cards. */
export {
  answerLocale,
  composeHelpAnswer,
  composeHelpReply,
  composeUnknownAnswer,
  type HelpAnswerOptions,
  type HelpCardSettings,
  MENU_QUESTIONS,
} from './answers';
export { HELP_INTENTS, type HelpIntent } from './intents';
export { type HelpMatch, matchHelpIntent, matchHelpQuestion } from './match-question';
export { questionLanguage } from './question-language';
export { normaliseQuestion } from './question-text';
