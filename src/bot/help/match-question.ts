import { resolveLocale, type SupportedLocale } from '../../cards/locales';
import { parseCommand } from '../commands';
import type { HelpIntent } from './intents';
import { COMPILED_RULES, scoreRule } from './phrase-rules';
import { isAdminText, normaliseQuestion } from './question-text';

/**
 * Free-text help questions in chat mapped to a help intent. Keyword and phrase based on purpose:
 * predictable, explainable, testable per language, and no text leaves the process.
 *
 * How a question is matched:
 * 1. The text is normalised (`normaliseQuestion`).
 * 2. Admin commands are never help questions: text that starts with "wave"/"waves", "list waves", or
 *    anything `parseCommand` reads as an admin command gives `undefined`.
 * 3. Every rule of every language in the phrasebook is tried (people type in their own language
 *    whatever Teams' locale says).
 * 4. A rule scores the number of words it matched (a whole-text rule scores 10 more). The highest
 *    score wins; on a tie the reader's own language wins, then the order of `TIE_BREAK` (safety
 *    questions first: "I lost my phone, is this real?" is answered as lost-phone, the urgent one; every
 *    answer repeats the never-ask-for-codes line anyway).
 * 5. The answer's language: `questionLanguage` (question-language.ts).
 */

/** Which intent wins when two score the same. */
const TIE_BREAK: readonly HelpIntent[] = [
  'lost-phone',
  'is-it-real',
  'privacy',
  'sms-retirement',
  'authenticator',
  'why',
  'what-is-mfa',
  'menu',
];

const QUESTION_MARKS_ONLY = /^\s*[?¿]+\s*$/;

export interface HelpMatch {
  intent: HelpIntent;
  /** The language whose phrase matched (may differ from the reader's locale). */
  language: SupportedLocale;
  score: number;
  /** The rule that matched, for logs and tests. */
  rule: string;
}

/**
 * The best help intent for a chat message, with the language whose phrasing matched; undefined for
 * unrelated text and admin commands. `locale` (a Teams locale tag such as "da-DK") only breaks ties.
 */
export function matchHelpQuestion(text: string, locale?: string): HelpMatch | undefined {
  if (QUESTION_MARKS_ONLY.test(text))
    return { intent: 'menu', language: resolveLocale(locale), score: 1, rule: '?' };
  const normalised = normaliseQuestion(text);
  if (!normalised || isAdminText(normalised)) return undefined;
  const command = parseCommand(text).kind;
  if (command !== 'unknown' && command !== 'help') return undefined;
  const words = normalised.split(' ');
  const preferred = resolveLocale(locale);
  let best: HelpMatch | undefined;
  for (const { intent, language, rule } of COMPILED_RULES) {
    const score = scoreRule(words, rule);
    if (score === 0) continue;
    const candidate = { intent, language, score, rule: rule.source };
    if (!best || better(candidate, best, preferred)) best = candidate;
  }
  return best;
}

function better(a: HelpMatch, b: HelpMatch, preferred: SupportedLocale): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const aOwn = a.language === preferred;
  const bOwn = b.language === preferred;
  if (aOwn !== bOwn) return aOwn;
  return TIE_BREAK.indexOf(a.intent) < TIE_BREAK.indexOf(b.intent);
}

/** The help intent a chat message asks for, or undefined (unrelated text, admin commands). */
export function matchHelpIntent(text: string, locale?: string): HelpIntent | undefined {
  return matchHelpQuestion(text, locale)?.intent;
}
