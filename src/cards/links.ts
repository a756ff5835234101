import { z } from 'zod';
import { cardsDirectory, readCardsJson } from './assets';
import { LINK_NAMES, type LinkName } from './card-data';

/**
 * The help links in `cards/links.json`. Admins may point them at their own pages, so the file is
 * checked when first read: every link must be there, and every one must be an https URL (a card
 * is no place for http, javascript: or a typo that silently drops a link).
 */

const httpsUrl = z.string().refine((value) => {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an absolute https:// URL');

const linksFile = z.strictObject(
  Object.fromEntries(LINK_NAMES.map((name) => [name, httpsUrl])) as Record<LinkName, typeof httpsUrl>,
);

export type CardLinks = Readonly<Record<LinkName, string>>;

const cache = new Map<string, CardLinks>();

export function loadLinks(): CardLinks {
  const directory = cardsDirectory();
  let links = cache.get(directory);
  if (!links) {
    const parsed = linksFile.safeParse(readCardsJson('links.json'));
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
      throw new Error(`cards/links.json is invalid: ${problems.join('; ')}`);
    }
    links = Object.freeze(parsed.data);
    cache.set(directory, links);
  }
  return links;
}
