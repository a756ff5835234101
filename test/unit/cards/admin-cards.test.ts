import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCard, MAX_CARD_BYTES, MAX_DIGEST_ROWS, validateCard } from '../../../src/cards';
import { allText, announcementData, digestData, nodesOfType, readyUsers } from './fixtures';

type Row = { cells: { items: unknown[] }[] };

/** The digest table's data rows as [name, upn, methods] text, header row excluded. */
function digestRows(card: unknown): string[][] {
  const [table] = nodesOfType(card, 'Table');
  if (!table) return [];
  return (table.rows as Row[]).slice(1).map((row) =>
    row.cells.map((cell) =>
      nodesOfType(cell.items, 'TextRun', 'TextBlock')
        .map((n) => n.text)
        .join(''),
    ),
  );
}

describe('wave announcement card', () => {
  it('names the wave, its source, size, deadline and announcer, and says users get a card now', () => {
    const text = allText(expandCard('wave-announcement', announcementData(), 'en'));
    assert.match(text, /Pilot: IT department/);
    assert.match(text, /Entra group: SG-MFA-Pilot/);
    assert.match(text, /1,234/);
    assert.match(text, /15 December 2026/);
    assert.match(text, /Bo Admin/);
    assert.match(text, /Every user in this wave now gets a personal card from the bot in a 1:1 chat/);
  });

  it('describes CSV and hand-picked sources', () => {
    const csv = allText(
      expandCard(
        'wave-announcement',
        announcementData({ source: { kind: 'csv', fileName: 'w2.csv' } }),
        'de',
      ),
    );
    assert.match(csv, /CSV-Datei: w2\.csv/);
    assert.match(csv, /1\.234/);
    const list = allText(
      expandCard('wave-announcement', announcementData({ source: { kind: 'list' } }), 'fr-FR'),
    );
    assert.match(list, /Liste d'utilisateurs choisis un par un/);
  });
});

describe('ready digest card', () => {
  it('counts per state in a fixed order, shown only for the states given', () => {
    const card = expandCard('ready-digest', digestData(), 'en');
    const [facts] = nodesOfType(card, 'FactSet');
    assert.deepEqual(facts?.facts, [
      { title: 'Notified', value: '40' },
      { title: 'Confirmed', value: '12' },
      { title: 'Ready', value: '3' },
      { title: 'No phone number', value: '2' },
      { title: 'Unreachable', value: '1' },
    ]);
  });

  it('lists ready users with a "phone only" marker in words', () => {
    const card = expandCard('ready-digest', digestData(), 'en');
    assert.deepEqual(digestRows(card), [
      ['Ready User 0', 'ready0@contoso.example', 'Phone only'],
      ['Ready User 1', 'ready1@contoso.example', 'Authenticator or passkey'],
      ['Ready User 2', 'ready2@contoso.example', 'Phone only'],
    ]);
    const text = allText(card);
    assert.match(text, /3 users have a confirmed sign-in method/);
    assert.match(text, /"Phone only": these users can sign in with text or call codes only/);
    assert.doesNotMatch(text, /more users? not shown/);
    const [enforce] = nodesOfType(card, 'Action.Execute');
    assert.equal(enforce?.verb, 'wave.enforce');
    assert.equal(enforce?.title, 'Enforce MFA for 3 users');
  });

  it(`caps the list at ${MAX_DIGEST_ROWS} rows and says "and N more"`, () => {
    const card = expandCard('ready-digest', digestData({ readyUsers: readyUsers(25) }), 'en');
    assert.equal(digestRows(card).length, MAX_DIGEST_ROWS);
    assert.match(allText(card), /…and 5 more users not shown here\./);
    const one = expandCard(
      'ready-digest',
      digestData({ readyUsers: readyUsers(MAX_DIGEST_ROWS + 1) }),
      'da-DK',
    );
    assert.match(allText(one), /…og 1 bruger mere, som ikke vises her\./);
  });

  it('counts the users a caller left out when it passed one page of a longer list', () => {
    const card = expandCard(
      'ready-digest',
      digestData({ readyUsers: readyUsers(3), readyTotal: 1500 }),
      'de',
    );
    const text = allText(card);
    assert.equal(digestRows(card).length, 3);
    assert.match(text, /… und 1\.497 weitere Benutzer, die hier nicht angezeigt werden\./);
    assert.match(text, /1\.500 Benutzer haben eine bestätigte Anmeldemethode/);
  });

  it('says so when nobody is ready, and offers no enforce button', () => {
    const card = expandCard(
      'ready-digest',
      digestData({ readyUsers: [], counts: { notified: 5 } }),
      'es-419',
    );
    assert.match(allText(card), /Todavía no hay nadie listo/);
    assert.equal(nodesOfType(card, 'Table').length, 0);
    assert.equal(nodesOfType(card, 'Action.Execute').length, 0);
  });

  it('offers no enforce button without a token', () => {
    const card = expandCard('ready-digest', digestData({ enforceToken: undefined }), 'en');
    assert.equal(nodesOfType(card, 'Action.Execute').length, 0);
  });

  it('stays within the Teams size limit with long names', () => {
    const long = readyUsers(500).map((user) => ({
      ...user,
      displayName: `${user.displayName} ${'Ø'.repeat(200)}`,
      userPrincipalName: `${'x'.repeat(100)}@contoso.example`,
    }));
    const card = expandCard('ready-digest', digestData({ readyUsers: long }), 'fr-FR');
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < MAX_CARD_BYTES);
    assert.deepEqual(validateCard(card), []);
  });
});
