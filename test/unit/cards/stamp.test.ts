import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type AwarenessCardData, expandCard, renderCard, UnboundTemplateError } from '../../../src/cards';
import {
  clearStampCache,
  type Slot,
  STAMP_CACHE_LIMIT,
  stampCard,
  stampStats,
} from '../../../src/cards/stamp';
import { compileFill, marker } from '../../../src/cards/stamp-tree';
import { isMaskedPhone } from '../../../src/cards/views/shared';
import { allText, awarenessData, MASKED_PHONE, useCardsCopy } from './fixtures';

const SLOTS: readonly Slot<'awareness'>[] = [
  { field: 'token' },
  { field: 'userDisplayName' },
  { field: 'phone', accepts: isMaskedPhone },
];

function stamp(data: AwarenessCardData, locale = 'en') {
  return stampCard('awareness', data, locale, SLOTS);
}

function assertSameAsSlow(data: AwarenessCardData, locale = 'en') {
  const fast = stamp(data, locale);
  const slow = renderCard('awareness', data, locale);
  assert.deepStrictEqual(fast, slow);
  assert.equal(JSON.stringify(fast), JSON.stringify(slow));
  return fast;
}

/** 2026-01-01 plus `days`, as YYYY-MM-DD. */
function day(days: number): string {
  return new Date(Date.UTC(2026, 0, 1 + days)).toISOString().slice(0, 10);
}

beforeEach(() => clearStampCache());

describe('stampCard cache', () => {
  it('stays bounded, evicting the least recently used shape', () => {
    assertSameAsSlow(awarenessData({ enforcementDate: day(0) }));
    for (let index = 1; index < STAMP_CACHE_LIMIT; index++)
      stamp(awarenessData({ enforcementDate: day(index) }));
    assert.equal(stampStats().shapes, STAMP_CACHE_LIMIT);
    // Touch the first shape: now the second one is the oldest.
    stamp(awarenessData({ enforcementDate: day(0), userDisplayName: 'Touch' }));
    assert.equal(stampStats().built, STAMP_CACHE_LIMIT);
    for (let index = STAMP_CACHE_LIMIT; index < STAMP_CACHE_LIMIT + 20; index++) {
      assertSameAsSlow(awarenessData({ enforcementDate: day(index) }));
    }
    assert.equal(stampStats().shapes, STAMP_CACHE_LIMIT);
    const built = stampStats().built;
    stamp(awarenessData({ enforcementDate: day(0) }));
    assert.equal(stampStats().built, built, 'the recently used shape was evicted');
    assertSameAsSlow(awarenessData({ enforcementDate: day(1) }));
    assert.equal(stampStats().built, built + 1, 'the oldest shape was kept');
    assert.equal(stampStats().shapes, STAMP_CACHE_LIMIT);
  });

  it('never gives one deadline, locale, organisation or helpdesk the card of another', () => {
    const base = awarenessData({ enforcementDate: '2026-12-15', userDisplayName: 'Same User' });
    const variants: Array<[AwarenessCardData, string]> = [
      [base, 'en'],
      [{ ...base, enforcementDate: '2026-12-16' }, 'en'],
      [base, 'en-US'],
      [base, 'da'],
      [base, 'de'],
      [base, 'fr'],
      [base, 'es'],
      [{ ...base, orgName: 'Fabrikam' }, 'en'],
      [{ ...base, helpdeskContact: undefined }, 'en'],
      [{ ...base, snoozeAllowed: false }, 'en'],
      [{ ...base, phone: undefined }, 'en'],
    ];
    // Twice round: the second pass is served from the cache, and must still match its own shape.
    for (let pass = 0; pass < 2; pass++) {
      const seen = new Set<string>();
      for (const [data, locale] of variants) {
        const card = JSON.stringify(assertSameAsSlow(data, locale));
        assert.ok(!seen.has(card), `${locale} ${JSON.stringify(data)} reused another shape's card`);
        seen.add(card);
      }
    }
    assert.equal(stampStats().built, variants.length);
    assert.match(allText(stamp(base, 'en').content), /From 15 December 2026/);
    assert.match(allText(stamp(base, 'en-US').content), /From December 15, 2026/);
    assert.match(allText(stamp({ ...base, enforcementDate: '2026-12-16' }).content), /From 16 December 2026/);
  });

  it('serves every user of a shape from one build, each with their own values', () => {
    for (let index = 0; index < 50; index++) {
      const data = awarenessData({ token: `token-${index}`, userDisplayName: `User ${index}` });
      const card = assertSameAsSlow(data);
      assert.ok(allText(card.content).includes(`User ${index}`));
    }
    assert.deepEqual(stampStats(), { shapes: 1, stamped: 50, slow: 0, built: 1 });
  });

  it('hands out cards that share nothing with the cache', () => {
    const first = stamp(awarenessData());
    first.content.body.length = 0;
    (first.content.actions as Array<{ data: { token: string } }>)[0]!.data.token = 'changed';
    assertSameAsSlow(awarenessData());
  });
});

describe('stampCard fallback', () => {
  let copy: ReturnType<typeof useCardsCopy> | undefined;
  afterEach(() => {
    copy?.restore();
    copy = undefined;
  });

  it('takes the slow path for a shape whose wording holds a marker character', () => {
    copy = useCardsCopy();
    const path = join(copy.dir, 'locales', 'en.json');
    const strings = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    // An admin's stray private-use character that happens to be the token's marker.
    strings['awareness.why'] = `${strings['awareness.why']} ${marker(0)}`;
    writeFileSync(path, JSON.stringify(strings));
    const data = awarenessData();
    assertSameAsSlow(data);
    assertSameAsSlow(data);
    assert.deepEqual(stampStats(), { shapes: 1, stamped: 0, slow: 2, built: 1 });
    assert.ok(allText(stamp(data).content).includes(marker(0)));
  });

  it('takes the slow path when a template `$` precedes a slot, so `${` from a user still fails', () => {
    copy = useCardsCopy();
    const path = join(copy.dir, 'awareness.json');
    const template = readFileSync(path, 'utf8');
    // split/join, not replace(): in a replacement string `$$` means one `$`.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template binding, on purpose
    const edited = template.split('"text": "${phone}"').join('"text": "$${phone}"');
    assert.notEqual(edited, template);
    writeFileSync(path, edited);
    assertSameAsSlow(awarenessData());
    // The slow path finds `${` made of the template's `$` and the user's `{`; the stamp must too.
    const braced = awarenessData({ phone: '{12}' });
    assert.throws(() => expandCard('awareness', braced, 'en'), UnboundTemplateError);
    assert.throws(() => stamp(braced), UnboundTemplateError);
    assert.equal(stampStats().stamped, 0);
  });

  it('throws what the view throws for a value it refuses', () => {
    assert.throws(() => stamp(awarenessData({ phone: '+45 20123456' })), /must be masked/);
    assert.throws(() => stamp(awarenessData({ token: ' ' })), /action token is required/);
    assert.deepEqual(stampStats(), { shapes: 0, stamped: 0, slow: 2, built: 0 });
    assertSameAsSlow(awarenessData({ phone: MASKED_PHONE }));
  });
});

describe('compileFill', () => {
  it('puts each value where its marker was, and refuses markers in keys', () => {
    const fill = compileFill({ a: [`x${marker(1)}y${marker(0)}`, marker(1), 3, null, true], b: 'plain' });
    assert.deepStrictEqual(fill?.(['A', 'B']), { a: ['xByA', 'B', 3, null, true], b: 'plain' });
    assert.equal(compileFill({ [marker(0)]: 'x' }), undefined);
    assert.equal(compileFill({ a: undefined }), undefined);
  });
});
