import { SUPPORTED_LOCALES, type SupportedLocale } from '../../../cards/locales';
import { type CommandPhrasings, HELP_INTENTS, type HelpIntent, type IntentPhrasings } from '../intents';
import { DANISH, DANISH_COMMANDS } from './da';
import { GERMAN, GERMAN_COMMANDS } from './de';
import { ENGLISH, ENGLISH_COMMANDS } from './en';
import { SPANISH, SPANISH_COMMANDS } from './es';
import { FRENCH, FRENCH_COMMANDS } from './fr';

/**
 * The phrasebook: per language, the rules that recognise each help question. Sample phrasings each
 * rule is there for are in the comment beside it; the unit tests hold at least two phrasings per
 * intent per language. Words here are already normalised (`normaliseQuestion`: lower case, no
 * accents, æ → ae, ø → o, ß → ss).
 *
 * Rule syntax: a rule is a list of terms that must all occur, in any order; a term is a list of
 * alternatives; an alternative is one word or several consecutive words. Terms are separated by
 * spaces, alternatives by `|`, consecutive words by `+`; a rule that starts with `=` must match the
 * whole text. Words may use `*` as a wildcard ("telefon*" matches "telefonen", "*nummer" matches
 * "handynummer").
 */
export const PHRASEBOOK: Readonly<Record<SupportedLocale, IntentPhrasings>> = {
  en: ENGLISH,
  da: DANISH,
  de: GERMAN,
  fr: FRENCH,
  es: SPANISH,
};

/** Per language, the whole-text rules of the chat commands anybody may type ("min status"). */
export const COMMAND_PHRASEBOOK: Readonly<Record<SupportedLocale, CommandPhrasings>> = {
  en: ENGLISH_COMMANDS,
  da: DANISH_COMMANDS,
  de: GERMAN_COMMANDS,
  fr: FRENCH_COMMANDS,
  es: SPANISH_COMMANDS,
};

type RulesByIntent = Readonly<Record<HelpIntent, Readonly<Record<SupportedLocale, readonly string[]>>>>;

const RULES_BY_INTENT = Object.fromEntries(
  HELP_INTENTS.map((intent) => [
    intent,
    Object.fromEntries(SUPPORTED_LOCALES.map((language) => [language, PHRASEBOOK[language][intent]])),
  ]),
) as RulesByIntent;

/** Every rule source per intent and language, for tests that check the phrasebook itself. */
export function helpRules(): RulesByIntent {
  return RULES_BY_INTENT;
}
