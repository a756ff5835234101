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
