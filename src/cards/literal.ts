/**
 * Keeps data literal through template expansion and proves the template was fully bound.
 *
 * adaptivecards-templating leaves an unbound `${...}` in the output as text, so every expanded
 * card is searched for `${`. But a display name may legitimately contain `${user.id}` and must be
 * shown as typed. To tell the two apart, every `$` in the data is swapped for a private-use
 * character before expansion and swapped back after the search: any `${` left at search time can
 * only have come from the template.
 */

const SENTINEL = '\uE000';
const REPLACEMENT = '\uFFFD';

export class UnboundTemplateError extends Error {
  constructor(
    readonly template: string,
    readonly paths: readonly string[],
  ) {
    super(`template "${template}" left unbound \${...} at ${paths.join(', ')}`);
    this.name = 'UnboundTemplateError';
  }
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [map(key), mapStrings(item, map)]));
  }
  return value;
}

/** Data as it goes into the template. A sentinel already present in the data is neutralised first. */
export function protectData<T>(data: T): T {
  return mapStrings(data, (text) => text.replaceAll(SENTINEL, REPLACEMENT).replaceAll('$', SENTINEL)) as T;
}

/** The expanded card as it goes out: the data's own `$` restored. */
export function restoreData<T>(card: T): T {
  return mapStrings(card, (text) => text.replaceAll(SENTINEL, '$')) as T;
}

/** JSON paths (e.g. `body[3].inlines[0].text`) whose key or string value still holds `${`. */
export function findUnbound(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return value.includes('${') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => findUnbound(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.includes('${') ? [`${path}.${key}`] : []),
      ...findUnbound(item, `${path}.${key}`),
    ]);
  }
  return [];
}
