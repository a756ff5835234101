/**
 * Turns a card that was expanded once with marker characters in place of per-user values into a
 * function that builds a fresh copy of that card with the real values where the markers were.
 * Building the copy walks a prepared tree of closures: no template, no view, no regex per send.
 */

/** Builds one node of the card from the per-user values, indexed by slot. */
export type Fill = (values: readonly string[]) => unknown;

// U+E000 is literal.ts's `$` sentinel; the markers take the private-use characters right after it.
const FIRST_MARKER = 0xe001;
export const MAX_SLOTS = 15;
const MARKER = /[\uE001-\uE00F]/;
const MARKER_SPLIT = /([\uE001-\uE00F])/;

/** The character that stands for slot `slot` while the card is expanded once. */
export function marker(slot: number): string {
  if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_SLOTS)
    throw new RangeError(`no marker for slot ${slot}`);
  return String.fromCharCode(FIRST_MARKER + slot);
}

/** Thrown inside compileFill when a marker sits where a plain copy cannot reproduce it. */
class NotFillable extends Error {}

function compileString(text: string): Fill {
  if (!MARKER.test(text)) return () => text;
  // split() with a capture group alternates text and marker: even indexes text, odd indexes markers.
  const parts = text
    .split(MARKER_SPLIT)
    .map((part, index) => (index % 2 === 0 ? part : part.charCodeAt(0) - FIRST_MARKER));
  if (parts.length === 3 && parts[0] === '' && parts[2] === '') {
    const slot = parts[1] as number;
    return (values) => values[slot];
  }
  return (values) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : values[part];
    return out;
  };
}

function compileObject(node: object): Fill {
  const keys = Object.keys(node);
  // Keys come from the template, never from user values; `__proto__` would set a prototype on
  // assignment where the slow path (Object.fromEntries) makes an own property.
  if (keys.some((key) => MARKER.test(key) || key === '__proto__')) throw new NotFillable();
  const fills = keys.map((key) => compileNode((node as Record<string, unknown>)[key]));
  return (values) => {
    const out: Record<string, unknown> = {};
    for (let index = 0; index < keys.length; index++) {
      out[keys[index] as string] = (fills[index] as Fill)(values);
    }
    return out;
  };
}

function compileNode(node: unknown): Fill {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) {
    const items = node.map(compileNode);
    return (values) => items.map((item) => item(values));
  }
  if (node !== null && typeof node === 'object') return compileObject(node);
  if (node === null || typeof node === 'number' || typeof node === 'boolean') return () => node;
  // undefined, functions, bigints: not JSON, so not a card this can copy faithfully.
  throw new NotFillable();
}

/** The fill for an expanded card, or undefined when the card cannot be rebuilt by plain copying. */
export function compileFill(card: unknown): Fill | undefined {
  try {
    return compileNode(card);
  } catch (error) {
    if (error instanceof NotFillable) return undefined;
    throw error;
  }
}
