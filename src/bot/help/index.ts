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
export {
  HELP_INTENTS,
  type HelpIntent,
  type HelpMatch,
  matchHelpIntent,
  matchHelpQuestion,
  normaliseQuestion,
  questionLanguage,
} from './intents';
