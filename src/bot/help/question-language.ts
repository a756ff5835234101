import { resolveLocale, SUPPORTED_LOCALES, type SupportedLocale } from '../../cards/locales';
import { CHAT_COMMANDS, HELP_INTENTS } from './intents';
import { LANGUAGE_RULES, matchedPositions, wordPattern } from './phrase-rules';
import { COMMAND_PHRASEBOOK, PHRASEBOOK } from './phrasebook';
import { isAdminText, normaliseQuestion } from './question-text';

/** Every word of each language's phrasings (questions and commands), as written ("hvad", "telefon*") and as patterns. */
const PHRASEBOOK_WORDS = new Map(
  SUPPORTED_LOCALES.map((language) => {
    const written = [
      ...HELP_INTENTS.flatMap((intent) => PHRASEBOOK[language][intent]),
      ...CHAT_COMMANDS.flatMap((command) => COMMAND_PHRASEBOOK[language][command]),
    ]
      .flatMap((source) => source.replace(/^=/, '').split(/[ |+]/))
      .filter(Boolean);
    return [
      language,
      {
        /** Words without a wildcard: "es", "que", "hvad", "warum". */
        plain: new Set(written.filter((word) => !word.includes('*'))),
        patterns: [...new Set(written)].map(wordPattern),
      },
    ] as const;
  }),
);

function isPlainWordOf(language: SupportedLocale, word: string): boolean {
  return PHRASEBOOK_WORDS.get(language)?.plain.has(word) ?? false;
}

function isWordOf(language: SupportedLocale, word: string): boolean {
  return PHRASEBOOK_WORDS.get(language)?.patterns.some((pattern) => pattern.test(word)) ?? false;
}

/** Shorter words ("a", "i", "et") belong to too many languages to tell them apart. */
const MIN_TELLING_WORD = 3;

/** Inverted question and exclamation marks: written in Spanish only. */
const SPANISH_MARKS = /[¿¡]/;

/**
 * The language to answer in: the one the question (or command: "min status") is clearly written in,
 * else the reader's locale (a Teams locale tag; unsupported or absent → English). Decided from the
 * phrasebook's words only, the commands' included:
 * 1. The languages whose phrasings matched the question (whole rules, as for the intent).
 * 2. A matched word is evidence for a language when no other language's matching phrasing matched
 *    it: "hvad" in "hvad er MFA?" is Danish, "MFA" is everybody's. One language with evidence wins.
 * 3. No evidence, several languages matched ("qué es MFA?" is matched by French and Spanish alike):
 *    the other words decide, when exactly one of those languages has one of them among its
 *    phrasings' plain words; Spanish's ¿ and ¡ count as such a word.
 * 4. A question that also holds a word only other languages' phrasings use is mixed ("jeg har brug
 *    for help"): the reader's locale.
 * Anything else stays on the reader's locale too: short or shared words ("MFA?", "ok", "passkey",
 * "phishing"), and text that matches no question.
 */
export function questionLanguage(text: string, locale?: string): SupportedLocale {
  const preferred = resolveLocale(locale);
  const normalised = normaliseQuestion(text);
  if (!normalised || isAdminText(normalised)) return preferred;
  const words = normalised.split(' ');
  const matched = new Map<SupportedLocale, Set<number>>();
  for (const { language, rule } of LANGUAGE_RULES) {
    const positions = matchedPositions(words, rule);
    if (!positions) continue;
    const own = matched.get(language) ?? new Set<number>();
    for (const position of positions) own.add(position);
    matched.set(language, own);
  }
  const candidates = [...matched.keys()];
  const onlyIn = (
    language: SupportedLocale,
    among: readonly SupportedLocale[],
    has: (l: SupportedLocale) => boolean,
  ) => has(language) && among.every((other) => other === language || !has(other));
  let chosen = candidates.filter((language) =>
    [...(matched.get(language) ?? [])].some((position) =>
      onlyIn(language, candidates, (l) => matched.get(l)?.has(position) ?? false),
    ),
  );
  if (chosen.length === 0 && candidates.length > 1) {
    const otherWords = words.filter((_, position) =>
      candidates.every((language) => !matched.get(language)?.has(position)),
    );
    chosen = candidates.filter(
      (language) =>
        (language === 'es' && SPANISH_MARKS.test(text)) ||
        otherWords.some((word) => onlyIn(language, candidates, (l) => isPlainWordOf(l, word))),
    );
  }
  const [language] = chosen;
  if (chosen.length !== 1 || !language) return preferred;
  const mixed = words.some(
    (word) =>
      word.length >= MIN_TELLING_WORD &&
      !isWordOf(language, word) &&
      SUPPORTED_LOCALES.some((other) => isPlainWordOf(other, word)),
  );
  return mixed ? preferred : language;
}
