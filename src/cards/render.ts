import { Template } from 'adaptivecards-templating';
import { cardsDirectory, readCardsJson } from './assets';
import type { CardDataMap, CardTemplateName } from './card-data';
import { findUnbound, protectData, restoreData, UnboundTemplateError } from './literal';
import { VIEWS } from './views';

/**
 * Template + data + locale → an Adaptive Card. The template is only structure and `${...}`
 * bindings; every sentence is built in code (views/, locales.ts) before expansion, so the
 * templating engine never sees a user's text as a template.
 *
 * The attachment type is declared here rather than imported from botbuilder: cards/ stays free of
 * the Bot Framework SDK (see DESIGN.md, "Modules"), and this shape is assignable to its
 * `Attachment` and to the Agents SDK's.
 */

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** An expanded card, as Teams receives it (schema 1.5). */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [property: string]: unknown;
}

export interface AdaptiveCardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: AdaptiveCardJson;
}

const templates = new Map<string, Template>();

function template(name: CardTemplateName): Template {
  const cacheKey = `${cardsDirectory()}\u0000${name}`;
  let loaded = templates.get(cacheKey);
  if (!loaded) {
    loaded = new Template(readCardsJson(`${name}.json`));
    templates.set(cacheKey, loaded);
  }
  return loaded;
}

/** The expanded card JSON (what an Action.Execute invoke response returns as its `value`). */
export function expandCard<N extends CardTemplateName>(
  name: N,
  data: CardDataMap[N],
  locale: string,
): AdaptiveCardJson {
  const view = VIEWS[name](data, locale);
  const expanded: unknown = template(name).expand({ $root: protectData(view) });
  const unbound = findUnbound(expanded);
  if (unbound.length > 0) throw new UnboundTemplateError(name, unbound);
  return restoreData(expanded) as AdaptiveCardJson;
}

/** The card as a message attachment. */
export function renderCard<N extends CardTemplateName>(
  name: N,
  data: CardDataMap[N],
  locale: string,
): AdaptiveCardAttachment {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: expandCard(name, data, locale) };
}
