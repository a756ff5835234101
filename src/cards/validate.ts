import { checkHouseRules } from './house-rules';

/**
 * Validates an expanded card with Microsoft's own object model (the `adaptivecards` package) plus
 * our house rules.
 *
 * The package's ESM entry cannot be loaded by Node (its `lib/` imports are extensionless), so the
 * UMD bundle in `dist/` is required instead; its types are the package's own. No DOM is needed:
 * loading the bundle, `AdaptiveCard.parse` and `validateProperties` run in plain Node (checked);
 * only `render()` builds HTML elements, and we never render. So no DOM shim is installed and
 * nothing global is patched.
 */
type AdaptiveCards = typeof import('adaptivecards');

let library: AdaptiveCards | undefined;

function adaptiveCards(): AdaptiveCards {
  library ??= require('adaptivecards/dist/adaptivecards.js') as AdaptiveCards;
  return library;
}

/** What the library reports: unknown or out-of-version elements (parse), and missing or bad properties. */
function libraryProblems(card: unknown): string[] {
  const ac = adaptiveCards();
  // The library checks `lang` with a shared /g regex, whose lastIndex survives between calls: every
  // second card would fail with 'Invalid value "en" for property "lang"'. Rewind it before each parse.
  const langPattern = ac.CardElement.langProperty.regEx;
  if (langPattern) langPattern.lastIndex = 0;
  // Target 1.5 (what Teams renders): anything newer is reported as unknown instead of silently accepted.
  const context = new ac.SerializationContext(ac.Versions.v1_5);
  const parsed = new ac.AdaptiveCard();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let index = 0; index < context.eventCount; index++) {
    const event = context.getEventAt(index);
    problems.push(`${ac.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`${ac.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}

/** Every problem found in an expanded card; an empty list means Teams can show it as intended. */
export function validateCard(card: unknown): string[] {
  return [...libraryProblems(card), ...checkHouseRules(card)];
}
