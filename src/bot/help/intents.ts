/**
 * The help questions the bot recognises in chat ("what is MFA?", "er denne besked ægte?", "j'ai
 * perdu mon téléphone"). How a message is matched to one: `match-question.ts`; the phrasings:
 * `phrasebook/`; the answers: `answers.ts`.
 */
export const HELP_INTENTS = [
  'what-is-mfa',
  'why',
  'is-it-real',
  'lost-phone',
  'authenticator',
  'sms-retirement',
  'privacy',
  'menu',
] as const;

export type HelpIntent = (typeof HELP_INTENTS)[number];

/** One language's rules for every intent (rule syntax: `phrasebook/index.ts`). */
export type IntentPhrasings = Readonly<Record<HelpIntent, readonly string[]>>;

/**
 * Commands anybody may type in chat, besides the questions: written whole ("my status", "min
 * status"), in any of the languages. Their phrasings sit in the phrasebook too, so the language a
 * command is typed in is told by the same rule as a question's (question-language.ts).
 */
export const CHAT_COMMANDS = ['my-status'] as const;

export type ChatCommandName = (typeof CHAT_COMMANDS)[number];

/** One language's whole-text rules for every chat command. */
export type CommandPhrasings = Readonly<Record<ChatCommandName, readonly string[]>>;
