import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AdaptiveCardJson,
  expandCard,
  MAX_CARD_BYTES,
  MAX_DIGEST_NAMES,
  SUPPORTED_LOCALES,
  t,
  tp,
  UNREACHABLE_REASONS,
  validateCard,
} from '../../../src/cards';
import { composeWaveStartAcceptedCard } from '../../../src/cards/admin-cards';
import {
  allText,
  announcementData,
  digestData,
  fullDigestData,
  LOCALE_TAGS,
  listOf,
  nobodyReadyData,
  nodesOfType,
  people,
} from './fixtures';

type Node = Record<string, unknown>;

interface ShownList {
  heading: string;
  hint?: string;
  /** One line per person, as read: name, sign-in name and reason. */
  people: string[];
  more?: string;
}

const containers = (nodes: unknown): Node[] =>
  Array.isArray(nodes) ? (nodes as Node[]).filter((node) => node.type === 'Container') : [];

/** The digest's named groups, in card order: each section's lists. */
function digestLists(card: AdaptiveCardJson): ShownList[] {
  return containers(card.body)
    .flatMap((section) => containers(section.items))
    .map((list) => {
      const [heading, ...rest] = list.items as Node[];
      const blocks = rest.filter((node) => node.type === 'TextBlock');
      return {
        heading: String(heading?.text),
        hint: blocks.find((node) => node.isSubtle)?.text as string | undefined,
        people: rest
          .filter((node) => node.type === 'RichTextBlock')
          .map((line) => (line.inlines as Node[]).map((run) => run.text).join('')),
        more: blocks.find((node) => !node.isSubtle)?.text as string | undefined,
      };
    });
}

/** The digest's first TextBlock: its title. */
function title(card: AdaptiveCardJson): string {
  return String(nodesOfType(card, 'TextBlock')[0]?.text);
}

/** The announcement's facts (a Table of label and value). */
function facts(card: AdaptiveCardJson): Record<string, string> {
  return Object.fromEntries(
    nodesOfType(card, 'TableRow').map((row) =>
      nodesOfType(row, 'TableCell').map((cell) =>
        nodesOfType(cell, 'TextBlock', 'TextRun')
          .map((node) => String(node.text))
          .join(''),
      ),
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

  it('counts the wave as the digest does: "20 users, 1 excluded" on both', () => {
    const announcement = expandCard(
      'wave-announcement',
      announcementData({ userCount: 20, excluded: 1 }),
      'en',
    );
    assert.equal(facts(announcement)['In this wave'], '20 users, 1 excluded');
    const digest = expandCard(
      'ready-digest',
      nobodyReadyData({ counts: { notified: 12, noPhone: 7, excluded: 1 }, attention: {} }),
      'en',
    );
    assert.match(allText(digest), /In this wave: 20 users, 1 excluded\./);
    for (const locale of SUPPORTED_LOCALES) {
      const shown = facts(
        expandCard('wave-announcement', announcementData({ userCount: 20, excluded: 1 }), locale),
      );
      const said = allText(
        expandCard(
          'ready-digest',
          nobodyReadyData({ counts: { notified: 19, excluded: 1 }, attention: {} }),
          locale,
        ),
      );
      const size = Object.values(shown).find((value) => value.startsWith('20'));
      assert.ok(size && said.includes(size), `${locale}: the digest says "${size}" too`);
    }
    const none = facts(
      expandCard('wave-announcement', announcementData({ userCount: 8, excluded: 0 }), 'en'),
    );
    assert.equal(none['In this wave'], '8 users');
  });

  it('says who started the wave, and that a start from the CLI came from the command line', () => {
    const chat = facts(expandCard('wave-announcement', announcementData(), 'en'));
    assert.equal(chat['Started by'], 'Bo Admin');
    const fromCli = announcementData({ startedBy: { name: 'root', fromCommandLine: true } });
    assert.deepEqual(Object.keys(facts(expandCard('wave-announcement', fromCli, 'en'))), [
      'Source',
      'In this wave',
      'Deadline',
      'Started by',
    ]);
    assert.equal(
      facts(expandCard('wave-announcement', fromCli, 'en'))['Started by'],
      'root, from the command line',
    );
    assert.equal(
      facts(expandCard('wave-announcement', fromCli, 'de'))['Gestartet von'],
      'root, über die Kommandozeile',
    );
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
  it('counts per state in a fixed order, shown only for the states given, with the wave size', () => {
    const card = expandCard('ready-digest', digestData(), 'en');
    const [facts] = nodesOfType(card, 'FactSet');
    assert.deepEqual(facts?.facts, [
      { title: 'Targeted', value: '2' },
      { title: 'Notified', value: '40' },
      { title: 'Confirmed', value: '12' },
      { title: 'Ready', value: '3' },
      { title: 'No phone number', value: '2' },
      { title: 'Unreachable', value: '1' },
    ]);
    assert.match(allText(card), /In this wave: 60 users\./);
  });

  it('explains what "Targeted" counts, in every language, only when the count is shown', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const text = allText(expandCard('ready-digest', digestData(), locale));
      const note = t(locale, 'digest.targetedNote', { label: t(locale, 'state.targeted') });
      assert.ok(text.includes(note), `${locale}: ${note}`);
    }
    assert.match(
      allText(expandCard('ready-digest', digestData(), 'en')),
      /Targeted: in the wave, but their card has not reached them yet/,
    );
    const none = expandCard('ready-digest', digestData({ counts: { notified: 4, ready: 3 } }), 'en');
    assert.doesNotMatch(allText(none), /Targeted/);
  });

  it('names the ready users by sign-in method, one line each, with the retirement note for phone-only users', () => {
    const card = expandCard('ready-digest', digestData(), 'en');
    assert.equal(title(card), 'MFA rollout: ready to enforce');
    const [strong, phoneOnly] = digestLists(card);
    assert.deepEqual(strong, {
      heading: '1 user with the Authenticator app or a passkey',
      hint: undefined,
      people: ['Bea Strong · bea@contoso.example'],
      more: undefined,
    });
    assert.equal(phoneOnly?.heading, '2 users with a phone only');
    assert.deepEqual(phoneOnly?.people, [
      'Ada Phone · ada@contoso.example',
      'Per Phone · per@contoso.example',
    ]);
    assert.match(
      String(phoneOnly?.hint),
      /text or call codes only\. Microsoft stops those on 1 February 2027/,
    );
    const text = allText(card);
    assert.match(text, /3 users have a confirmed sign-in method/);
    assert.doesNotMatch(text, /more users? not shown/);
    // Narrow channel cards: no table whose columns would run into each other.
    assert.deepEqual(nodesOfType(card, 'Table'), []);
    const [enforce] = nodesOfType(card, 'Action.Execute');
    assert.equal(enforce?.verb, 'wave.enforce');
    assert.equal(enforce?.title, 'Enforce MFA for 3 users');
  });

  it('words every list hint for the number it follows: one user is not "these users"', () => {
    const one = [{ displayName: 'Ada Phone', userPrincipalName: 'ada@contoso.example' }];
    const two = [...one, { displayName: 'Per Phone', userPrincipalName: 'per@contoso.example' }];
    const lists = (users: typeof one) =>
      digestData({
        counts: { ready: users.length, noPhone: users.length },
        ready: { strong: listOf([]), phoneOnly: listOf(users) },
        attention: {
          unreachable: listOf(users.map((user) => ({ ...user, reason: 'blocked' }))),
          noPhone: listOf(users),
          disputed: listOf(users),
          unresponsive: listOf(users),
        },
      });
    const single = digestLists(expandCard('ready-digest', lists(one), 'en'));
    assert.equal(single[0]?.heading, '1 user with a phone only');
    assert.match(String(single[0]?.hint), /^This user can sign in with text or call codes only\./);
    for (const locale of SUPPORTED_LOCALES) {
      const hints = (users: typeof one) =>
        digestLists(expandCard('ready-digest', lists(users), locale)).map((list) => list.hint);
      const [singular, plural] = [hints(one), hints(two)];
      assert.equal(singular.length, 5, locale);
      singular.forEach((hint, index) => {
        assert.ok(hint, `${locale}: list ${index} has a hint`);
        assert.notEqual(hint, plural[index], `${locale}: list ${index} says one user as one user`);
      });
    }
  });

  it('names who needs attention: unreachable users with the reason in words, users without a phone', () => {
    const card = expandCard('ready-digest', digestData(), 'en');
    const lists = digestLists(card);
    assert.match(allText(card), /Needs your attention/);
    assert.deepEqual(
      lists.slice(2).map(({ heading, people }) => ({ heading, people })),
      [
        {
          heading: '1 user could not be reached',
          people: ['Lidia Holloway · lidia@contoso.example · Blocked the bot'],
        },
        {
          heading: '2 users have no mobile number on file',
          people: [
            'Diego Siciliani · diego@contoso.example',
            // Not a delivery code: shown as it was recorded.
            'Nina Malformed · nina@contoso.example · preloaded number is malformed',
          ],
        },
      ],
    );
    assert.match(
      String(lists[2]?.hint),
      /cannot write to this user until the cause next to their name is fixed/,
    );
    // The reason is set apart in italics as well as by its place on the line, never by colour.
    const reasonRun = nodesOfType(card, 'TextRun').find((run) => run.text === ' · Blocked the bot');
    assert.equal(reasonRun?.italic, true);
  });

  it('names disputed and unresponsive users too', () => {
    const card = expandCard(
      'ready-digest',
      digestData({
        attention: {
          disputed: listOf(people(1, 'Disputing User')),
          unresponsive: listOf(people(2, 'Silent User')),
        },
      }),
      'fr-FR',
    );
    assert.deepEqual(
      digestLists(card)
        .slice(2)
        .map(({ heading, people }) => ({ heading, people })),
      [
        {
          heading: '1 utilisateur indique que le numéro enregistré est erroné',
          people: ['Disputing User 0 · disputing0@contoso.example'],
        },
        {
          heading: "2 utilisateurs n'ont pas répondu",
          people: ['Silent User 0 · silent0@contoso.example', 'Silent User 1 · silent1@contoso.example'],
        },
      ],
    );
  });

  it('says every unreachable reason in words, in every language', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const card = expandCard('ready-digest', fullDigestData(), locale);
      const unreachable = digestLists(card).find(
        (list) => list.heading === tp(locale, 'digest.list.unreachable', 40),
      );
      assert.ok(unreachable, `${locale}: the unreachable list`);
      for (const reason of UNREACHABLE_REASONS) {
        const label = t(locale, `digest.reason.${reason}`);
        assert.notEqual(label, reason);
        assert.ok(
          unreachable.people.some((line) => line.endsWith(` · ${label}`)),
          `${locale}: ${reason} said as "${label}" in ${JSON.stringify(unreachable.people)}`,
        );
      }
      assert.ok(unreachable.people.some((line) => line.endsWith(' · account disabled')));
    }
  });

  it(`caps every list at ${MAX_DIGEST_NAMES} names and says "and N more"`, () => {
    const card = expandCard('ready-digest', fullDigestData(), 'en');
    assert.deepEqual(
      digestLists(card).map((list) => [list.heading, list.people.length, list.more]),
      [
        ['30 users with the Authenticator app or a passkey', 10, '…and 20 more users not shown here.'],
        ['30 users with a phone only', 10, '…and 20 more users not shown here.'],
        ['40 users could not be reached', 8, '…and 32 more users not shown here.'],
        ['25 users have no mobile number on file', 10, '…and 15 more users not shown here.'],
        ['12 users say the number on file is wrong', 10, '…and 2 more users not shown here.'],
        ['30 users have not answered', 10, '…and 20 more users not shown here.'],
      ],
    );
    // In name order, numbers read as numbers: "Silent User 2" comes before "Silent User 10".
    assert.deepEqual(digestLists(card)[5]?.people.slice(0, 3), [
      'Silent User 0 · silent0@contoso.example',
      'Silent User 1 · silent1@contoso.example',
      'Silent User 2 · silent2@contoso.example',
    ]);
    const one = expandCard(
      'ready-digest',
      nobodyReadyData({
        attention: { unreachable: listOf(people(MAX_DIGEST_NAMES + 1, 'Gone User')) },
      }),
      'da-DK',
    );
    assert.equal(digestLists(one)[0]?.more, '…og 1 bruger mere, som ikke vises her.');
    const page = expandCard(
      'ready-digest',
      nobodyReadyData({ attention: { unresponsive: listOf(people(3, 'Silent User'), 1500) } }),
      'de',
    );
    assert.equal(digestLists(page)[0]?.people.length, 3);
    assert.equal(
      digestLists(page)[0]?.more,
      '… und 1.497 weitere Benutzer, die hier nicht angezeigt werden.',
    );
  });

  it('with nobody ready, says so plainly under a neutral title, and offers no enforce button', () => {
    for (const locale of LOCALE_TAGS) {
      const card = expandCard('ready-digest', nobodyReadyData(), locale);
      assert.notEqual(title(card), t(locale, 'digest.heading'), `${locale}: no "ready to enforce" title`);
      assert.equal(title(card), t(locale, 'digest.headingNoneReady'));
      // Right under the wave's name, before any count.
      const [, , first] = card.body as Node[];
      assert.equal(first?.text, t(locale, 'digest.noneReady'), locale);
      assert.ok(!allText(card).includes(t(locale, 'digest.readyHeading')), `${locale}: no ready section`);
      assert.equal(nodesOfType(card, 'Action.Execute').length, 0, `${locale}: no enforce button`);
      assert.equal(
        card.fallbackText,
        t(locale, 'digest.fallbackTextNoneReady', { wave: 'Pilot: IT department' }),
      );
    }
    const card = expandCard('ready-digest', nobodyReadyData(), 'en');
    assert.match(String(card.fallbackText), /nobody is ready to enforce yet/);
    assert.deepEqual(digestLists(card), [
      {
        heading: '1 user could not be reached',
        hint: 'The bot cannot write to this user until the cause next to their name is fixed.',
        people: ['Lidia Holloway · lidia@contoso.example · Has left the organisation'],
        more: undefined,
      },
    ]);
  });

  it('offers no enforce button without a token', () => {
    const card = expandCard('ready-digest', digestData({ enforceToken: undefined }), 'en');
    assert.equal(nodesOfType(card, 'Action.Execute').length, 0);
  });

  it('stays within the Teams size limit with long names in every list, counting who it left out', () => {
    const long = (kind: string) =>
      people(500, kind).map((user, i) => ({
        displayName: `${user.displayName} ${'Ø'.repeat(250)}`,
        userPrincipalName: `${'x'.repeat(100)}${i}@contoso.example`,
        reason: i % 2 ? 'retries-exhausted' : `${'é'.repeat(200)}`,
      }));
    const data = fullDigestData();
    const lists = {
      strong: listOf(long('Ready User'), 5000),
      phoneOnly: listOf(long('Phone User'), 5000),
    };
    for (const locale of LOCALE_TAGS) {
      const card = expandCard(
        'ready-digest',
        {
          ...data,
          ready: lists,
          attention: {
            unreachable: listOf(long('Gone User'), 5000),
            noPhone: listOf(long('Nophone User'), 5000),
            disputed: listOf(long('Disputing User'), 5000),
            unresponsive: listOf(long('Silent User'), 5000),
          },
        },
        locale,
      );
      assert.ok(Buffer.byteLength(JSON.stringify(card)) < MAX_CARD_BYTES, locale);
      assert.deepEqual(validateCard(card), []);
      for (const list of digestLists(card)) {
        assert.ok(list.people.length >= 1, `${locale}: ${list.heading} names someone`);
        assert.ok(list.people.length < MAX_DIGEST_NAMES);
        assert.equal(list.more, tp(locale, 'digest.more', 5000 - list.people.length));
      }
    }
  });
});

describe('overlap warning and its answer', () => {
  /** 28 users elsewhere: 20 in Finance, 8 in Pilot (1 ready there), 3 in unnamed waves (2 ready there). */
  const overlap = {
    targeted: 63,
    overlapping: 31,
    alreadyDone: 3,
    waves: [
      { waveId: 'w1', name: 'Finance', users: 20, alreadyDone: 0 },
      { waveId: 'w2', name: 'Pilot', users: 8, alreadyDone: 1 },
    ],
    usersInOtherWaves: 3,
    alreadyDoneInOtherWaves: 2,
  };

  it('says, wave by wave, how many of the users there are ready or enforced', () => {
    const text = allText(expandCard('wave-overlap', { overlap, token: undefined }, 'en'));
    assert.match(
      text,
      /20 users are already in the active wave Finance\. 8 users are already in the active wave Pilot, 1 of them ready or enforced there\. 3 more users are in other active waves, 2 of them ready or enforced there\./,
    );
  });

  it('once the button was pressed: who chose what, with the numbers, in every language', () => {
    for (const locale of LOCALE_TAGS) {
      const card = composeWaveStartAcceptedCard({
        overlap,
        waveName: 'All Staff',
        by: 'Adele Vance',
        locale,
      });
      assert.deepEqual(validateCard(card.content), [], locale);
      const text = allText(card.content);
      assert.doesNotMatch(text, /\{\w+\}/, locale);
      for (const shown of ['All Staff', 'Adele Vance', '32', 'Finance', 'Pilot', '20'])
        assert.ok(text.includes(shown), `${locale}: ${shown}`);
      assert.deepEqual(nodesOfType(card.content, 'Action.Execute'), [], `${locale}: nothing to press again`);
    }
    const en = allText(
      composeWaveStartAcceptedCard({ overlap, waveName: 'All Staff', by: 'Adele Vance' }).content,
    );
    assert.match(en, /Starting All Staff with 32 users/);
    assert.match(
      en,
      /Adele Vance chose to start the wave with the 32 users who are not in another active wave\./,
    );
  });
});
