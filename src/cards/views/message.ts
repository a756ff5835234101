import type { CardText, MessageCardData } from '../card-data';
import { resolveLocale, translate } from '../locales';
import { helpLinks } from './shared';

function resolveText(locale: string, text: CardText): string {
  return typeof text === 'string' ? text : translate(locale, text.key, text.params);
}

/** What `cards/message.json` binds to. Title and paragraphs are TextRuns, so caller text is shown as typed. */
export function messageView(data: MessageCardData, locale: string) {
  return {
    lang: resolveLocale(locale),
    title: resolveText(locale, data.title),
    paragraphs: data.body.map((text) => ({ text: resolveText(locale, text) })),
    links: helpLinks(locale, data.links ?? []),
  };
}
