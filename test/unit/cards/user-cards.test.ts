import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderCard } from '../../../src/cards/render';
import { clearStampCache, stampStats } from '../../../src/cards/stamp';
import {
  awarenessRequest,
  composeAwarenessCard,
  composeConfirmedCard,
  confirmedRequest,
} from '../../../src/cards/user-cards';
import { seededRandom } from '../../../src/dev/seeded-random';
import type { WaveUserRecord } from '../../../src/rollout/user-state';
import type { Wave } from '../../../src/rollout/wave';
import { MASKED_PHONE, TOKEN } from './fixtures';

/**
 * The awareness and confirmed cards are stamped from cached shapes (stamp.ts); the slow path is
 * `renderCard` on the same request. Whatever the input, both must give the same card byte for
 * byte, or throw the same error.
 */

type Outcome = { card: string } | { error: string };

function outcome(make: () => unknown): Outcome {
  try {
    return { card: JSON.stringify(make()) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function record(overrides: Partial<WaveUserRecord> = {}): WaveUserRecord {
  return {
    waveId: 'w1',
    userId: 'u1',
    userPrincipalName: 'adele@contoso.example',
    displayName: 'Adele Vance',
    status: 'targeted',
    phoneMasked: MASKED_PHONE,
    strongMethod: false,
    reminders: 0,
    snoozes: 0,
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function wave(deadline: string): Wave {
  return {
    id: 'w1',
    name: 'Pilot',
    source: { kind: 'csv', fileName: 'pilot.csv' },
    status: 'active',
    createdBy: { id: 'a1', name: 'Bo Admin' },
    createdAt: '2026-01-01T00:00:00.000Z',
    deadline,
    total: 10,
  };
}

type AwarenessInput = Parameters<typeof composeAwarenessCard>[0];

/** Fast and slow agree; returns whether the fast path actually stamped (not fell back). */
function checkAwareness(input: AwarenessInput): boolean {
  const before = stampStats().stamped;
  const fast = outcome(() => composeAwarenessCard(input));
  const stamped = stampStats().stamped > before;
  const request = awarenessRequest(input);
  const slow = outcome(() => renderCard(request.name, request.data, request.locale));
  assert.deepStrictEqual(fast, slow, `differs for ${JSON.stringify(input)}`);
  if ('card' in fast && 'card' in slow) {
    const request2 = awarenessRequest(input);
    assert.deepStrictEqual(
      composeAwarenessCard(input),
      renderCard(request2.name, request2.data, request2.locale),
    );
  }
  return stamped;
}

function checkConfirmed(input: Parameters<typeof composeConfirmedCard>[0]): boolean {
  const before = stampStats().stamped;
  const fast = outcome(() => composeConfirmedCard(input));
  const stamped = stampStats().stamped > before;
  const request = confirmedRequest(input);
  const slow = outcome(() => renderCard(request.name, request.data, request.locale));
  assert.deepStrictEqual(fast, slow, `differs for ${JSON.stringify(input)}`);
  return stamped;
}

const PIECES = [
  'a',
  'Z',
  ' ',
  ' ',
  '*',
  '_',
  '~',
  '`',
  '#',
  '\\',
  '$',
  '{',
  '}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
  '${user.id}',
  '{name}',
  '{date}',
  '$&',
  '$1',
  '[x](y)',
  '<b>',
  '&amp;',
  '\n',
  '\t',
  'é',
  'ø',
  'ß',
  '👍',
  '👩‍💻',
  'שלום',
  'مرحبا',
  '\u202e',
  '\u200b',
  '\u00a0',
  '\ufeff',
  '\ue000',
  '\ue001',
  '\uf8ff',
  '\ufffd',
  '"',
  "'",
  '0',
  '9',
];

function randomText(next: () => number, maxPieces: number): string {
  const count = Math.floor(next() * maxPieces);
  let text = '';
  for (let index = 0; index < count; index++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

function pick<T>(next: () => number, options: readonly T[]): T {
  return options[Math.floor(next() * options.length)] as T;
}

const LOCALES = ['en', 'da', 'de', 'fr', 'es'] as const;
const TAGS = [...LOCALES, 'en-US', 'da-DK', 'fr-FR', 'es-419', 'de_AT', 'xx', '', undefined];
const DEADLINES = [
  '2026-12-15T00:00:00Z',
  '2026-12-01T00:00:00.000Z',
  '2027-03-01',
  '2026-07-31T23:59:59Z',
  '2028-02-29T00:00:00Z',
];
const PHONES = [MASKED_PHONE, '+45 •• •• 12 34', '+1 ••• ••• 4567', '•• 12', undefined];
const NAMES = [
  '*',
  '_',
  '\\',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
  '${user.id}',
  '$${x}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
  '`${1+1}`',
  '$',
  '$$',
  '[x](y)',
  '<b>bold</b>',
  '**Adele**',
  '{name}',
  'Ana 👩‍💻 Núñez',
  'אדל ואנס',
  'أديل فانس',
  'x'.repeat(5000),
  'Adele Vance',
];

describe('composeAwarenessCard: stamped equals slow', () => {
  it('for adversarial display names, every locale, phone or not, snooze or not', () => {
    clearStampCache();
    for (const displayName of NAMES) {
      for (const locale of LOCALES) {
        for (const phoneMasked of [MASKED_PHONE, undefined]) {
          for (const snoozeAllowed of [true, false]) {
            const stamped = checkAwareness({
              record: record({ displayName, phoneMasked }),
              wave: wave(DEADLINES[0] as string),
              token: TOKEN,
              config: { ORGANIZATION_NAME: 'Contoso', HELPDESK_CONTACT: 'IT Service Desk, ext. 4000' },
              locale,
              snoozeAllowed,
              snoozeHours: 24,
            });
            // These are ordinary strings to the views: the fast path must have handled them itself.
            assert.ok(stamped, `not stamped: ${displayName.slice(0, 40)}`);
          }
        }
      }
    }
  });

  it('falls back (and still agrees) for values the stamp does not take', () => {
    clearStampCache();
    const base = {
      wave: wave('2026-12-15T00:00:00Z'),
      config: { ORGANIZATION_NAME: 'Contoso', HELPDESK_CONTACT: '' },
      locale: 'en',
      snoozeAllowed: true,
      snoozeHours: 24,
    };
    const slowCases: AwarenessInput[] = [
      { ...base, record: record({ displayName: '' }), token: TOKEN },
      { ...base, record: record({ displayName: ' padded ' }), token: TOKEN },
      { ...base, record: record({ displayName: 'has \ue000 sentinel' }), token: TOKEN },
      { ...base, record: record({ displayName: 'has \ue001 marker' }), token: TOKEN },
      { ...base, record: record({ phoneMasked: ` ${MASKED_PHONE} ` }), token: TOKEN },
      { ...base, record: record({ phoneMasked: '' }), token: TOKEN },
      { ...base, record: record({ phoneMasked: '   ' }), token: TOKEN },
      // Refused by the view: the slow path throws, so must the fast one.
      { ...base, record: record({ phoneMasked: '+45 20123456' }), token: TOKEN },
      { ...base, record: record(), token: '' },
      { ...base, record: record(), token: '   ' },
      { ...base, record: record(), token: ` ${TOKEN}` },
      { ...base, record: record(), token: `${TOKEN}\uE000` },
    ];
    for (const input of slowCases) assert.equal(checkAwareness(input), false);
    assert.equal(stampStats().stamped, 0);
  });

  it('agrees on a shape the view refuses (bad deadline) by throwing the same error', () => {
    const input: AwarenessInput = {
      record: record(),
      wave: wave('2026-02-30T00:00:00Z'),
      token: TOKEN,
      config: { ORGANIZATION_NAME: 'Contoso', HELPDESK_CONTACT: '' },
      snoozeHours: 24,
    };
    assert.throws(() => composeAwarenessCard(input), /expected a calendar date/);
    checkAwareness(input);
  });

  it('for random records, locales, deadlines, organisations and helpdesks', () => {
    clearStampCache();
    const seed = 20261215;
    const next = seededRandom(seed);
    let stamped = 0;
    const runs = 1500;
    for (let run = 0; run < runs; run++) {
      const long = next() < 0.02;
      const input: AwarenessInput = {
        record: record({
          displayName: long ? randomText(next, 2000) : randomText(next, 12),
          phoneMasked: next() < 0.1 ? randomText(next, 6) : pick(next, PHONES),
          locale: pick(next, TAGS),
        }),
        wave: wave(pick(next, DEADLINES)),
        token: next() < 0.05 ? randomText(next, 4) : `${TOKEN}${randomText(next, 3)}${run}`,
        config: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
          ORGANIZATION_NAME: pick(next, ['Contoso', 'Fabrikam $A/S', '${org}', '*Contoso*']),
          // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
          HELPDESK_CONTACT: pick(next, ['', '  ', 'helpdesk@contoso.com', '[desk](x) ${y}']),
        },
        locale: next() < 0.3 ? undefined : pick(next, TAGS),
        snoozeAllowed: pick(next, [true, false, undefined]),
        snoozeHours: pick(next, [24, 6, 0.5]),
      };
      try {
        if (checkAwareness(input)) stamped++;
      } catch (error) {
        assert.fail(`seed ${seed}, run ${run}: ${error instanceof Error ? error.message : error}`);
      }
    }
    // Most random values are fine for the stamp; if none were stamped, this test compared nothing.
    assert.ok(stamped > runs / 3, `only ${stamped} of ${runs} stamped`);
  });
});

describe('composeConfirmedCard: stamped equals slow', () => {
  it('for every locale, phones and deadlines', () => {
    clearStampCache();
    let stamped = 0;
    for (const locale of [...LOCALES, 'en-US', undefined]) {
      for (const phoneMasked of [...PHONES, '', ' +45 •• 12 ', '+45 20123456', '{x}$', '\ue000']) {
        for (const deadline of DEADLINES) {
          const input = {
            record: record({ phoneMasked, locale: 'da' }),
            wave: wave(deadline),
            config: { ORGANIZATION_NAME: 'Contoso', HELPDESK_CONTACT: 'desk $1 {helpdesk}' },
            locale,
          };
          if (checkConfirmed(input)) stamped++;
        }
      }
    }
    assert.ok(stamped > 0);
  });
});
