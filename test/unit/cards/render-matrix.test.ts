import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attachment } from 'botbuilder';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  CARD_TEMPLATE_NAMES,
  CARD_VERBS,
  type CardDataMap,
  type CardTemplateName,
  renderCard,
  validateCard,
} from '../../../src/cards';
import { allText, LOCALE_TAGS, nodesOfType, VARIANTS } from './fixtures';

/**
 * Every template × every locale × every data variant: the card renders, is fully bound, passes
 * the adaptivecards object model and our house rules, and its actions follow the Universal
 * Actions pattern. The action check is written out here on purpose, independent of house-rules.ts.
 */

const KNOWN_VERBS: readonly string[] = Object.values(CARD_VERBS);

function checkExecuteActions(card: unknown): void {
  for (const action of nodesOfType(card, 'Action.Execute')) {
    const verb = action.verb;
    assert.ok(typeof verb === 'string' && KNOWN_VERBS.includes(verb), `unknown verb ${String(verb)}`);
    const data = action.data as { token?: unknown };
    assert.ok(typeof data?.token === 'string' && data.token.length > 0, `${verb}: no token`);
    const fallback = action.fallback as {
      type?: unknown;
      title?: unknown;
      data?: { verb?: unknown; token?: unknown };
    };
    assert.equal(fallback?.type, 'Action.Submit', `${verb}: fallback must be Action.Submit`);
    assert.equal(fallback.data?.verb, verb, `${verb}: fallback verb`);
    assert.equal(fallback.data?.token, data.token, `${verb}: fallback token`);
    assert.equal(fallback.title, action.title, `${verb}: fallback title`);
  }
}

for (const name of CARD_TEMPLATE_NAMES) {
  describe(`template ${name}`, () => {
    const variants = VARIANTS[name] as Record<string, CardDataMap[CardTemplateName]>;
    for (const [variant, data] of Object.entries(variants)) {
      for (const locale of LOCALE_TAGS) {
        it(`${variant} · ${locale}`, () => {
          const attachment = renderCard(name, data as never, locale);
          // Assignable to the Bot Framework's Attachment without importing botbuilder into cards/.
          const asBotAttachment: Attachment = attachment;
          assert.equal(asBotAttachment.contentType, ADAPTIVE_CARD_CONTENT_TYPE);
          const card = attachment.content;
          assert.equal(card.type, 'AdaptiveCard');
          assert.equal(card.version, '1.5');
          assert.equal(card.lang, locale.slice(0, 2));
          assert.ok(!JSON.stringify(card).includes('${'), 'leftover ${ in card');
          assert.deepEqual(validateCard(card), []);
          checkExecuteActions(card);
          for (const block of nodesOfType(card, 'TextBlock')) assert.equal(block.wrap, true);
          for (const image of nodesOfType(card, 'Image')) assert.ok(image.altText);
          // No `{param}` left unfilled by the locale layer.
          assert.doesNotMatch(allText(card), /\{(date|org|name|helpdesk|count|wave|retirementDate)\}/);
        });
      }
    }
  });
}
