import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { helpdeskName, SUPPORTED_LOCALES, translate } from '../../../src/cards';
import { loadStrings, placeholders } from '../../../src/cards/locales';

describe('the helpdesk, as every sentence names it', () => {
  it('is HELPDESK_CONTACT when set, else "your IT helpdesk" in the reader\'s language', () => {
    assert.equal(helpdeskName('da-DK', ' IT Service Desk, ext. 4000 '), 'IT Service Desk, ext. 4000');
    assert.equal(helpdeskName('en', ''), 'your IT helpdesk');
    assert.equal(helpdeskName('de', '   '), 'Ihren IT-Helpdesk');
    assert.equal(helpdeskName(undefined, undefined), 'your IT helpdesk');
  });

  it('leaves no sentence with an empty name when HELPDESK_CONTACT is empty, in any language', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const strings = loadStrings(locale);
      for (const [key, text] of Object.entries(strings)) {
        if (!placeholders(text).includes('helpdesk')) continue;
        const params = Object.fromEntries(placeholders(text).map((name) => [name, `<${name}>`]));
        const filled = translate(locale, key, { ...params, helpdesk: helpdeskName(locale, '') });
        assert.ok(filled.includes(helpdeskName(locale, '')), `${locale} ${key}`);
        // "contact ." is the empty name; French puts a space before ":" and ";" on purpose.
        assert.doesNotMatch(filled, /\s[.,]|\s$/, `${locale} ${key}: ${filled}`);
      }
    }
  });
});
