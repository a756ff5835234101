import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DIGEST_STATES,
  expandCard,
  LINK_NAMES,
  MissingTextParamError,
  resolveLocale,
  SUPPORTED_LOCALES,
  t,
  tp,
} from '../../../src/cards';
import { loadStrings, placeholders } from '../../../src/cards/locales';
import { allText, awarenessData, useCardsCopy } from './fixtures';

/** Keys `reference` has and `other` lacks, and the other way round. */
function keyDifference(reference: object, other: object): { missing: string[]; extra: string[] } {
  const a = new Set(Object.keys(reference));
  const b = new Set(Object.keys(other));
  return { missing: [...a].filter((key) => !b.has(key)), extra: [...b].filter((key) => !a.has(key)) };
}

describe('locale files', () => {
  const en = loadStrings('en');

  for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
    it(`${locale} has exactly the keys en has`, () => {
      assert.deepEqual(keyDifference(en, loadStrings(locale)), { missing: [], extra: [] });
    });

    it(`${locale} uses the same {placeholders} as en, key by key`, () => {
      const strings = loadStrings(locale);
      for (const [key, text] of Object.entries(en)) {
        assert.deepEqual(
          placeholders(strings[key] ?? '').sort(),
          placeholders(text).sort(),
          `${locale}: ${key}`,
        );
      }
    });

    it(`${locale} is actually translated`, () => {
      const strings = loadStrings(locale);
      const same = Object.keys(en).filter((key) => strings[key] === en[key]);
      // Only names and words that read the same in both languages may match English.
      assert.ok(same.length <= 3, `${locale} copies English for: ${same.join(', ')}`);
    });
  }

  it('no string is empty', () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const [key, text] of Object.entries(loadStrings(locale)))
        assert.ok(text.trim(), `${locale}: ${key}`);
    }
  });

  it('every link and every digest state has a label', () => {
    for (const name of LINK_NAMES) assert.ok(en[`link.${name}`], name);
    for (const state of DIGEST_STATES) assert.ok(en[`state.${state}`], state);
  });

  describe('the key check fails when a translation misses a key', () => {
    // A fresh copy per run: strings are cached per cards folder, so a new folder is read anew.
    let copy: ReturnType<typeof useCardsCopy>;
    before(() => {
      copy = useCardsCopy();
    });
    after(() => copy.restore());

    it('reports the missing key', () => {
      const path = join(copy.dir, 'locales', 'fr.json');
      const fr = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
      delete fr['awareness.phoneAsk'];
      writeFileSync(path, JSON.stringify(fr));
      assert.deepEqual(keyDifference(loadStrings('en'), loadStrings('fr')), {
        missing: ['awareness.phoneAsk'],
        extra: [],
      });
      // At run time the card still renders, with the English sentence in place of the missing one.
      assert.match(
        allText(expandCard('awareness', awarenessData(), 'fr')),
        /Is it yours\? One click is all it takes\./,
      );
    });
  });
});

describe('resolveLocale', () => {
  const cases: [string | undefined, string][] = [
    ['da-DK', 'da'],
    ['de', 'de'],
    ['fr-FR', 'fr'],
    ['es-419', 'es'],
    ['EN_us', 'en'],
    ['nb-NO', 'en'],
    ['ja', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['not a tag!', 'en'],
  ];
  for (const [tag, expected] of cases) {
    it(`${JSON.stringify(tag)} → ${expected}`, () => assert.equal(resolveLocale(tag), expected));
  }
});

describe('t and tp', () => {
  it('fills parameters and formats numbers for the locale', () => {
    assert.equal(t('de', 'awareness.greeting', { name: 'Jörg' }), 'Hallo Jörg,');
    assert.equal(
      tp('de', 'digest.more', 1234),
      '… und 1.234 weitere Benutzer, die hier nicht angezeigt werden.',
    );
  });

  it('inserts values once and never re-reads them as placeholders', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
    assert.equal(t('en', 'awareness.greeting', { name: '{name} ${user.id}' }), 'Hi {name} ${user.id},');
    assert.equal(t('en', 'common.questions', { helpdesk: '{helpdesk}' }), 'Questions? Contact {helpdesk}.');
  });

  it('throws on a missing parameter instead of showing "{name}"', () => {
    assert.throws(() => t('en', 'awareness.greeting'), MissingTextParamError);
  });

  it('picks plural forms by the language’s rules', () => {
    assert.equal(tp('en', 'action.enforce', 1), 'Enforce MFA for 1 user');
    assert.equal(tp('en', 'action.enforce', 2), 'Enforce MFA for 2 users');
    // French counts 0 as singular.
    assert.equal(tp('fr', 'action.enforce', 0), 'Appliquer la MFA à 0 utilisateur');
    assert.equal(tp('da', 'digest.more', 1), '…og 1 bruger mere, som ikke vises her.');
  });

  it('reads English for an unknown locale', () => {
    assert.equal(t('sv-SE', 'action.snooze', { when: 'tomorrow' }), 'Remind me tomorrow');
    const card = expandCard('awareness', awarenessData(), 'pt-BR');
    assert.equal(card.lang, 'en');
    assert.match(allText(card), /Yes, that's my number/);
    assert.match(allText(card), /From 1 December 2026/);
  });
});
