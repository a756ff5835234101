import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCard } from '../../../src/cards';
import {
  allText,
  announcementData,
  awarenessData,
  digestData,
  listOf,
  messageData,
  nobodyReadyData,
} from './fixtures';

/**
 * User-supplied text is shown as typed: never evaluated as a template, never used as a locale
 * placeholder. These names would be expanded (or flagged as unbound) if the renderer got it wrong.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
const TRICKY = ['${user.id}', '${$root.token}', '{name}', '{date}', '$${x}', '`${1+1}`', '\uE000{x}'];

describe('user-supplied text stays literal', () => {
  for (const tricky of TRICKY) {
    const name = `Eve ${tricky} Example`;
    // The private-use sentinel the renderer uses internally is neutralised rather than turned into "$".
    const expected = name.replace('\uE000', '\uFFFD');

    it(`display name ${JSON.stringify(tricky)} in the awareness greeting`, () => {
      const card = expandCard('awareness', awarenessData({ userDisplayName: name }), 'en');
      assert.ok(allText(card).includes(`Hi ${expected},`), allText(card).slice(0, 300));
    });

    it(`display name ${JSON.stringify(tricky)} in the digest and the announcement`, () => {
      const eve = { displayName: name, userPrincipalName: 'eve@contoso.example' };
      assert.ok(
        allText(
          expandCard(
            'ready-digest',
            digestData({ ready: { strong: listOf([eve]), phoneOnly: listOf([]) } }),
            'da-DK',
          ),
        ).includes(expected),
      );
      // In a group that needs attention, with a recorded reason that is no delivery code.
      const attention = expandCard(
        'ready-digest',
        nobodyReadyData({ attention: { unreachable: listOf([{ ...eve, reason: name }]) } }),
        'en',
      );
      assert.equal(allText(attention).split(expected).length - 1, 2, 'the name and the reason, as typed');
      const card = expandCard(
        'wave-announcement',
        announcementData({ startedBy: { name, fromCommandLine: false }, waveName: name }),
        'de',
      );
      assert.ok(allText(card).includes(expected));
      assert.ok(String(card.fallbackText).includes(expected));
    });

    it(`literal message text ${JSON.stringify(tricky)}`, () => {
      const card = expandCard('message', messageData({ title: name, body: [name] }), 'fr-FR');
      assert.equal(allText(card).split(expected).length - 1, 3); // title, fallbackText, paragraph
    });
  }

  it('keeps org names and helpdesk contacts literal too', () => {
    const card = expandCard(
      'awareness',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
      awarenessData({ orgName: '${org}', helpdeskContact: '{helpdesk} $5' }),
      'es-419',
    );
    const text = allText(card);
    assert.match(text, /\$\{org\} exigirá/);
    assert.match(text, /avisa a \{helpdesk\} \$5\./);
  });

  it('never shows user text as Markdown: names sit in TextRuns, not TextBlocks', () => {
    const name = '[click me](https://evil.example) **boss**';
    const card = expandCard(
      'ready-digest',
      nobodyReadyData({
        attention: { disputed: listOf([{ displayName: name, userPrincipalName: 'a@b.c' }]) },
      }),
      'en',
    );
    const holders: string[] = [];
    const walk = (value: unknown, parentType?: string): void => {
      if (Array.isArray(value)) for (const item of value) walk(item, parentType);
      else if (value && typeof value === 'object') {
        const node = value as Record<string, unknown>;
        if (node.text === name) holders.push(String(node.type));
        for (const item of Object.values(node)) walk(item, String(node.type ?? parentType));
      }
    };
    walk(card);
    assert.deepEqual(holders, ['TextRun']);
  });
});
