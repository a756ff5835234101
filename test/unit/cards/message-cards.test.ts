import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUPPORTED_LOCALES, t, validateCard } from '../../../src/cards';
import { composeMessageCard, composeWelcomeCard } from '../../../src/cards/message-cards';
import { allText } from './fixtures';

const config = { ORGANIZATION_NAME: 'Contoso', HELPDESK_CONTACT: 'IT Service Desk' };

describe('the card that replaces the awareness card when the phone dialog starts', () => {
  for (const locale of SUPPORTED_LOCALES) {
    it(`points to the question below it and leaves "cancel" to that question · ${locale}`, () => {
      const cancel = t(locale, 'dialog.phone.cancelWords').split(',')[0]!.trim();
      const question = t(locale, 'dialog.phone.ask', { country: 'X' });
      for (const key of ['phoneDisputeStarted', 'phoneAddStarted'] as const) {
        const card = allText(composeMessageCard(key, { config, locale }).content);
        const said = `${card}\n${question}`.toLowerCase().split(cancel.toLowerCase()).length - 1;
        assert.equal(said, 1, `${key}: "${cancel}" is explained once, by the question`);
      }
    });
  }

  it('says plainly where to type, in English', () => {
    const card = allText(composeMessageCard('phoneDisputeStarted', { config, locale: 'en' }).content);
    assert.match(card, /we won't use that number\. Please type the right one in the chat below\./);
    assert.doesNotMatch(card, /type it there/);
  });
});

describe('the greeting in a new 1:1 chat', () => {
  for (const locale of SUPPORTED_LOCALES) {
    it(`says who the bot is and what to type; the wave commands for admins only · ${locale}`, () => {
      for (const admin of [false, true]) {
        const card = composeWelcomeCard({ config, locale, admin }).content;
        assert.deepEqual(validateCard(card), [], `${locale} admin=${admin}`);
        const text = allText(card);
        assert.doesNotMatch(text, /\{\w+\}/);
        assert.ok(text.includes('Contoso'), 'names the organisation');
        assert.ok(text.includes(t(locale, 'welcome.commands')));
        assert.ok(text.includes(t(locale, 'help.neverAsk', { helpdesk: 'IT Service Desk' })));
        assert.equal(text.includes('wave start'), admin, `${locale}: wave start for admins only`);
      }
    });
  }
});
