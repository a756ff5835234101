import { isDeepStrictEqual } from 'node:util';
import { cardsDirectory } from './assets';
import type { CardDataMap, CardTemplateName } from './card-data';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCardAttachment,
  type AdaptiveCardJson,
  expandCard,
  renderCard,
} from './render';
import { compileFill, type Fill, MAX_SLOTS, marker } from './stamp-tree';

/**
 * The same card as `renderCard`, for cards sent to every user of a wave. Expanding a template costs
 * about a third of a millisecond; most of a user's card is the same for everyone who shares their
 * language, wave and snooze state. So each such "shape" is expanded once, with marker characters
 * in place of the per-user values (the slots), and every user's card is a copy with their values
 * put where the markers ended up.
 *
 * The copy must equal what `renderCard` would have produced, byte for byte. That holds when the
 * view and the template pass a slot value through unchanged, which the slow path does for ordinary
 * strings: locale substitution inserts values as-is, the `$` protection of literal.ts round-trips,
 * the templating engine inserts data verbatim. Anything outside that takes the slow path:
 * - a value that is empty, has surrounding white space (views trim), holds a private-use character
 *   (the markers and literal.ts's sentinel live there), or that the view would refuse (`accepts`);
 * - a shape whose copy does not match the slow path on probe values full of characters a view might
 *   escape or a template might read (Markdown, `${...}`, `{name}`, `$&`, a leading `{` after a
 *   template `$`, emoji, RTL). Checked once when the shape is built, so a view that starts
 *   transforming a slot turns its shapes slow instead of wrong.
 * Template safety still applies: building a shape goes through `expandCard`, which refuses a
 * template that leaves `${...}` unbound.
 */

/** A top-level string field of the card data that differs per user and that the view shows as given. */
export interface Slot<N extends CardTemplateName> {
  field: keyof CardDataMap[N] & string;
  /** The view's own check on the value (e.g. "is masked"); a refused value takes the slow path, which throws. */
  accepts?: (value: string) => boolean;
}

/**
 * Shapes kept at once. A wave has a handful (languages × phone or not × snooze or not); the cap
 * only bounds memory when many waves, folders or unusual language tags come and go.
 */
export const STAMP_CACHE_LIMIT = 128;

/** Shape key → its fill, or null for a shape that always takes the slow path. Oldest first. */
const shapes = new Map<string, Fill | null>();

const PRIVATE_USE = /[\uE000-\uF8FF]/;

/** Cards by the way they were made, since start or the last clear (tests prove the fast path ran). */
const stats = { stamped: 0, slow: 0, built: 0 };

function fits(value: unknown, accepts: ((value: string) => boolean) | undefined): value is string {
  return (
    typeof value === 'string' &&
    value !== '' &&
    value === value.trim() &&
    !PRIVATE_USE.test(value) &&
    (accepts === undefined || accepts(value))
  );
}

/**
 * A per-slot probe value: no digits but one (phone checks allow four), no private-use characters,
 * no surrounding space, and a letter of its own so a view that swaps two slots is caught too.
 */
function probe(slot: number): string {
  const letter = String.fromCharCode(65 + slot);
  return `{${letter}} *_~\`#>[x](y) <b>&amp; \\ \${user.id} {name} $& $1 é 👍 שלום ${letter}$`;
}

type Fields = Record<string, unknown>;

/** The data with each present slot's value replaced by `value(slot index)`. */
function withSlots<N extends CardTemplateName>(
  data: CardDataMap[N],
  slots: readonly Slot<N>[],
  value: (slot: number) => string,
): CardDataMap[N] {
  const copy: Fields = { ...data };
  slots.forEach((slot, index) => {
    if (copy[slot.field] !== undefined) copy[slot.field] = value(index);
  });
  return copy as unknown as CardDataMap[N];
}

/** Everything that decides the card except the slot values: which slots are present, not what they hold. */
function shapeKey<N extends CardTemplateName>(
  name: N,
  data: CardDataMap[N],
  locale: string,
  slots: readonly Slot<N>[],
): string {
  const shape: Fields = { ...data };
  for (const slot of slots) shape[slot.field] = shape[slot.field] === undefined ? undefined : true;
  return JSON.stringify([cardsDirectory(), name, locale, shape]);
}

function buildShape<N extends CardTemplateName>(
  name: N,
  data: CardDataMap[N],
  locale: string,
  slots: readonly Slot<N>[],
): Fill | null {
  try {
    const fill = compileFill(expandCard(name, withSlots(data, slots, marker), locale));
    if (!fill) return null;
    const probes = slots.map((_, index) => probe(index));
    const expected = expandCard(
      name,
      withSlots(data, slots, (index) => probes[index] as string),
      locale,
    );
    const copied = fill(probes);
    const same = isDeepStrictEqual(copied, expected) && JSON.stringify(copied) === JSON.stringify(expected);
    return same ? fill : null;
  } catch {
    // The slow path raises the same error for the real data (or renders it, if only a probe failed).
    return null;
  }
}

function shapeFor(key: string, build: () => Fill | null): Fill | null {
  const cached = shapes.get(key);
  if (cached !== undefined) {
    // Least recently used goes first: re-inserting moves this shape to the end of the Map's order.
    shapes.delete(key);
    shapes.set(key, cached);
    return cached;
  }
  const built = build();
  stats.built++;
  if (shapes.size >= STAMP_CACHE_LIMIT) {
    const oldest = shapes.keys().next();
    if (!oldest.done) shapes.delete(oldest.value);
  }
  shapes.set(key, built);
  return built;
}

function slowly<N extends CardTemplateName>(
  name: N,
  data: CardDataMap[N],
  locale: string,
): AdaptiveCardAttachment {
  stats.slow++;
  return renderCard(name, data, locale);
}

/**
 * `renderCard(name, data, locale)`, from a cached shape when the slot values allow it. Every field
 * that is not a slot is part of the shape and is compared as JSON: plain strings, numbers, booleans.
 */
export function stampCard<N extends CardTemplateName>(
  name: N,
  data: CardDataMap[N],
  locale: string,
  slots: readonly Slot<N>[],
): AdaptiveCardAttachment {
  if (slots.length > MAX_SLOTS) throw new RangeError(`at most ${MAX_SLOTS} slots per card`);
  const fields = data as unknown as Fields;
  const values: string[] = [];
  for (const slot of slots) {
    const value = fields[slot.field];
    if (value === undefined) {
      values.push('');
      continue;
    }
    if (!fits(value, slot.accepts)) return slowly(name, data, locale);
    values.push(value);
  }
  const fill = shapeFor(shapeKey(name, data, locale, slots), () => buildShape(name, data, locale, slots));
  if (fill === null) return slowly(name, data, locale);
  stats.stamped++;
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: fill(values) as AdaptiveCardJson };
}

/** How many shapes are cached, and how cards were made (for tests and metrics). */
export function stampStats(): { shapes: number; stamped: number; slow: number; built: number } {
  return { shapes: shapes.size, ...stats };
}

/** Forget every shape and zero the counts (tests; or after the cards folder changed on disk). */
export function clearStampCache(): void {
  shapes.clear();
  stats.stamped = 0;
  stats.slow = 0;
  stats.built = 0;
}
