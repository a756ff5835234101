/**
 * Rules the adaptivecards library does not check but Teams and our readers need: schema 1.5,
 * text that wraps, images with alt text, no empty labels, https links, a size Teams accepts, and
 * the Universal Actions pattern (every Action.Execute has a verb and an Action.Submit fallback
 * carrying the same verb and token, for clients that cannot invoke).
 */

/** Teams rejects bot messages much above 28 KB; a card must leave room for the activity around it. */
export const MAX_CARD_BYTES = 26 * 1024;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every object in the card that has a string `type`, with its JSON path. */
function typedNodes(value: unknown, path = '$'): { node: Json; path: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => typedNodes(item, `${path}[${index}]`));
  if (!isObject(value)) return [];
  const own = typeof value.type === 'string' ? [{ node: value, path }] : [];
  return [...own, ...Object.entries(value).flatMap(([key, item]) => typedNodes(item, `${path}.${key}`))];
}

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function checkExecute(node: Json, path: string): string[] {
  const problems: string[] = [];
  const verb = node.verb;
  const token = isObject(node.data) ? node.data.token : undefined;
  if (blank(verb)) problems.push(`${path}: Action.Execute has no verb`);
  if (blank(token)) problems.push(`${path}: Action.Execute has no data.token`);
  const fallback = node.fallback;
  if (!isObject(fallback) || fallback.type !== 'Action.Submit') {
    problems.push(`${path}: Action.Execute needs an Action.Submit fallback`);
    return problems;
  }
  const data = isObject(fallback.data) ? fallback.data : {};
  if (data.verb !== verb) problems.push(`${path}.fallback: data.verb must be "${String(verb)}"`);
  if (data.token !== token) problems.push(`${path}.fallback: data.token must match the action's token`);
  if (blank(fallback.title)) problems.push(`${path}.fallback: has no title`);
  return problems;
}

function checkNode(node: Json, path: string): string[] {
  switch (node.type) {
    case 'TextBlock': {
      const problems = node.wrap === true ? [] : [`${path}: TextBlock must set wrap: true`];
      return blank(node.text) ? [...problems, `${path}: TextBlock has no text`] : problems;
    }
    case 'TextRun':
      return blank(node.text) ? [`${path}: TextRun has no text`] : [];
    case 'Image':
      return blank(node.altText) ? [`${path}: Image needs altText`] : [];
    case 'Action.Execute':
      return [...(blank(node.title) ? [`${path}: action has no title`] : []), ...checkExecute(node, path)];
    case 'Action.Submit':
      return blank(node.title) ? [`${path}: action has no title`] : [];
    case 'Action.OpenUrl': {
      const problems = blank(node.title) ? [`${path}: action has no title`] : [];
      return typeof node.url === 'string' && node.url.startsWith('https://')
        ? problems
        : [...problems, `${path}: Action.OpenUrl must use an https URL`];
    }
    default:
      return [];
  }
}

export function checkHouseRules(card: unknown): string[] {
  if (!isObject(card)) return ['card is not an object'];
  const problems: string[] = [];
  if (card.version !== '1.5')
    problems.push(`$.version: must be "1.5" for Teams, got ${JSON.stringify(card.version)}`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > MAX_CARD_BYTES) problems.push(`card is ${bytes} bytes; Teams needs it under ${MAX_CARD_BYTES}`);
  for (const { node, path } of typedNodes(card)) problems.push(...checkNode(node, path));
  return problems;
}
