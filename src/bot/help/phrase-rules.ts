/** The phrasebook's rules compiled to word patterns, and how a rule is matched against a question's words. */
import { SUPPORTED_LOCALES, type SupportedLocale } from '../../cards/locales';
import { CHAT_COMMANDS, type ChatCommandName, HELP_INTENTS, type HelpIntent } from './intents';
import { COMMAND_PHRASEBOOK, PHRASEBOOK } from './phrasebook';
import { normaliseQuestion } from './question-text';

type Alternative = readonly RegExp[];
export interface Rule {
  readonly exact: boolean;
  readonly terms: readonly (readonly Alternative[])[];
  readonly source: string;
}

/** One phrasebook word ("hvad", "telefon*") as a pattern for one normalised word. */
export function wordPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\p{L}\\p{N}]*');
  return new RegExp(`^${escaped}$`, 'u');
}

function compileRule(source: string): Rule {
  const exact = source.startsWith('=');
  const body = exact ? source.slice(1) : source;
  const terms = body
    .split(' ')
    .filter(Boolean)
    .map((term) => term.split('|').map((alternative) => alternative.split('+').map(wordPattern)));
  return { exact, terms, source };
}

/** Every rule of every intent and language, in the order ties between equal matches are first seen. */
export const COMPILED_RULES: readonly { intent: HelpIntent; language: SupportedLocale; rule: Rule }[] =
  HELP_INTENTS.flatMap((intent) =>
    SUPPORTED_LOCALES.flatMap((language) =>
      PHRASEBOOK[language][intent].map((source) => ({ intent, language, rule: compileRule(source) })),
    ),
  );

/** Every chat command's rules in every language. */
export const COMPILED_COMMAND_RULES: readonly {
  command: ChatCommandName;
  language: SupportedLocale;
  rule: Rule;
}[] = CHAT_COMMANDS.flatMap((command) =>
  SUPPORTED_LOCALES.flatMap((language) =>
    COMMAND_PHRASEBOOK[language][command].map((source) => ({ command, language, rule: compileRule(source) })),
  ),
);

/** Every rule that tells which language a message is in: the help questions' and the chat commands'. */
export const LANGUAGE_RULES: readonly { language: SupportedLocale; rule: Rule }[] = [
  ...COMPILED_RULES,
  ...COMPILED_COMMAND_RULES,
];

/** Whether a chat message is the command, in any language ("My status?", "min status", "mi estado"). */
export function isChatCommand(command: ChatCommandName, text: string): boolean {
  const words = normaliseQuestion(text).split(' ');
  return COMPILED_COMMAND_RULES.some(
    (entry) => entry.command === command && scoreRule(words, entry.rule) > 0,
  );
}

/** The longest alternative found as consecutive words in `words`, or 0. */
function matchTerm(words: readonly string[], alternatives: readonly Alternative[]): number {
  let best = 0;
  for (const alternative of alternatives) {
    if (alternative.length <= best) continue;
    for (let start = 0; start + alternative.length <= words.length; start++) {
      if (alternative.every((pattern, offset) => pattern.test(words[start + offset] ?? ''))) {
        best = alternative.length;
        break;
      }
    }
  }
  return best;
}

/** The number of words the rule matched (a whole-text rule 10 more), or 0 when it does not match. */
export function scoreRule(words: readonly string[], rule: Rule): number {
  if (rule.exact) {
    const [alternatives] = rule.terms;
    const whole = alternatives?.some(
      (alternative) =>
        alternative.length === words.length &&
        alternative.every((pattern, index) => pattern.test(words[index] ?? '')),
    );
    return whole ? words.length + 10 : 0;
  }
  let score = 0;
  for (const term of rule.terms) {
    const matched = matchTerm(words, term);
    if (matched === 0) return 0;
    score += matched;
  }
  return score;
}

/** The positions of the words a rule matched (every occurrence of every term), or undefined if it does not match. */
export function matchedPositions(words: readonly string[], rule: Rule): number[] | undefined {
  if (rule.exact) return scoreRule(words, rule) > 0 ? words.map((_, index) => index) : undefined;
  const positions: number[] = [];
  for (const term of rule.terms) {
    const before = positions.length;
    for (const alternative of term) {
      for (let start = 0; start + alternative.length <= words.length; start++) {
        if (alternative.every((pattern, offset) => pattern.test(words[start + offset] ?? ''))) {
          for (let offset = 0; offset < alternative.length; offset++) positions.push(start + offset);
        }
      }
    }
    if (positions.length === before) return undefined;
  }
  return positions;
}
