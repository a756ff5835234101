import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCard } from '../../../src/cards';
import { allText, preloadData, TOKEN } from './fixtures';

const actionsOf = (card: { actions?: unknown[] }) =>
  (card.actions ?? []) as Array<{ verb?: string; data?: { token?: string } }>;

describe('the phone preload card', () => {
  it('shows the dry run: counts, the first problems by line, Apply with its token', () => {
    const card = expandCard('preload', preloadData(), 'en');
    const text = allText(card);
    assert.match(text, /Phone preload: dry run/);
    assert.match(text, /Will add\n[A-Za-z\n]*1,200\n/);
    assert.match(text, /Line 12 · adele@contoso\.test · Invalid number: too short \(read for DK\)/);
    assert.match(text, /Line 40 · megan@contoso\.test · Duplicate row: same user as line 7/);
    assert.match(text, /… and 17 more rows in the report\./);
    assert.match(text, /Nothing has been written yet/);
    assert.deepEqual(
      actionsOf(card).map((action) => [action.verb, action.data?.token]),
      [['preload.apply', TOKEN]],
    );
  });

  it('offers no Apply when nothing would be written', () => {
    const card = expandCard('preload', preloadData({ stage: { kind: 'preview' } }), 'da');
    assert.deepEqual(actionsOf(card), []);
    assert.match(allText(card), /Der er intet at skrive/);
  });

  it('becomes the progress card, then the result, without buttons or problems', () => {
    const applying = expandCard(
      'preload',
      preloadData({
        stage: { kind: 'applying', by: 'Megan Bowen', done: 600, toApply: 1206, outcomes: { added: 590 } },
      }),
      'en',
    );
    assert.match(allText(applying), /600 of 1,206 users done\./);
    assert.match(allText(applying), /Applied by Megan Bowen\./);
    assert.doesNotMatch(allText(applying), /Line 12/);
    assert.deepEqual(actionsOf(applying), []);
    const done = expandCard(
      'preload',
      preloadData({ stage: { kind: 'done', by: 'Megan', outcomes: { added: 1180, held: 6 } } }),
      'de',
    );
    assert.match(allText(done), /Telefonnummern vorab eintragen: fertig/);
    assert.match(allText(done), /Eingetragen\n[A-Za-z\n]*1\.180\n/);
    assert.match(allText(done), /6 Benutzer hatten schon eine andere Nummer/);
    assert.deepEqual(actionsOf(done), []);
  });
});

describe('the preload card shows what people typed as typed', () => {
  it('puts a file name, a user and an admin name in TextRuns, never in Markdown', () => {
    const card = expandCard(
      'preload',
      preloadData({
        fileName: '[click](https://evil.test).csv',
        stage: { kind: 'done', by: '**Boss** [x](https://evil.test)', outcomes: { added: 1 } },
      }),
      'en',
    );
    const textBlocks: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const record = node as Record<string, unknown>;
        if (record.type === 'TextBlock' && typeof record.text === 'string') textBlocks.push(record.text);
        Object.values(record).forEach(walk);
      }
    };
    walk(card);
    assert.ok(
      textBlocks.every((text) => !text.includes('evil.test')),
      textBlocks.join(' | '),
    );
    assert.match(allText(card), /Applied by \*\*Boss\*\* \[x\]\(https:\/\/evil\.test\)\./);
  });
});
