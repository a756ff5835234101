import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Finds the top-level `cards/` folder (templates, locales, links) and reads JSON from it.
 * The files are read at run time, not bundled, so an admin can edit links or wording without a
 * build. We walk up from this file because it runs both from `src/cards` (tsx) and from
 * `dist/src/cards` (compiled): the folder sits at the repository root in both cases.
 */

// links.json, not a locale file: `tsc -p tsconfig.build.json` copies locales/en.json (imported
// for its key type) to dist/cards/, and that partial copy must not be mistaken for the folder.
const MARKER = 'links.json';

let override: string | undefined;
let found: string | undefined;

/** Point the renderer at another cards folder (tests, or a deployment that ships it elsewhere). */
export function setCardsDirectory(directory: string | undefined): void {
  override = directory === undefined ? undefined : resolve(directory);
}

export function cardsDirectory(): string {
  if (override) return override;
  if (found) return found;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'cards');
    if (existsSync(join(candidate, MARKER))) {
      found = candidate;
      return candidate;
    }
    if (dirname(dir) === dir) break;
  }
  throw new Error(`cards folder not found above ${__dirname} (looked for cards/${MARKER})`);
}

export function readCardsJson(relativePath: string): unknown {
  const path = join(cardsDirectory(), relativePath);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read ${path}: ${reason}`);
  }
}
