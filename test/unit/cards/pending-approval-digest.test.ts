import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AdaptiveCardJson, expandCard, SUPPORTED_LOCALES, tp } from '../../../src/cards';
import { allText, digestData, listOf, nodesOfType, people } from './fixtures';

type Node = Record<string, unknown>;

/** Each named group of the digest: its heading, then its hint. */
function groups(card: AdaptiveCardJson): Array<{ heading: string; hint?: string; people: number }> {
  return nodesOfType(card, 'Container')
    .filter((node) => Array.isArray(node.items) && (node.items as Node[])[0]?.weight === 'bolder')
    .map((list) => {
      const [heading, ...rest] = list.items as Node[];
      return {
        heading: String(heading?.text),
        hint: rest.find((node) => node.isSubtle)?.text as string | undefined,
        people: rest.filter((node) => node.type === 'RichTextBlock').length,
      };
    })
    .filter((group) => group.people > 0);
}

const data = digestData({
  attention: {
    pendingApproval: listOf(people(1, 'Waiting User')),
    disputed: listOf(people(2, 'Disputing User')),
  },
});

describe('the digest lists users waiting for the helpdesk apart from the disputed ones', () => {
  it('says who waits for an approval, and who has not given a number yet', () => {
    const card = expandCard('ready-digest', data, 'en');
    const shown = groups(card).slice(2);
    assert.deepEqual(shown, [
      {
        heading: '1 user is waiting for the helpdesk to approve a new number',
        hint: 'The user has given the right number. It has its own approval card: approve or reject it there. Until then, the number on file stays as it is.',
        people: 1,
      },
      {
        heading: '2 users say the number on file is wrong',
        hint: tp('en', 'digest.hint.disputed', 2),
        people: 2,
      },
    ]);
    assert.match(allText(card), /Waiting User 0/);
  });

  it('in every language', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const [waiting] = groups(expandCard('ready-digest', data, locale)).slice(2);
      assert.equal(waiting?.heading, tp(locale, 'pendingApproval.digest.list', 1), locale);
      assert.equal(waiting?.hint, tp(locale, 'pendingApproval.digest.hint', 1), locale);
      if (locale !== 'en')
        assert.notEqual(waiting?.heading, tp('en', 'pendingApproval.digest.list', 1), locale);
    }
    assert.equal(
      groups(expandCard('ready-digest', data, 'de'))[2]?.heading,
      '1 Benutzer wartet darauf, dass der Helpdesk eine neue Nummer genehmigt',
    );
  });
});
