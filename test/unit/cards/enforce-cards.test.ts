import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCard, MAX_CARD_BYTES, MAX_DIGEST_NAMES } from '../../../src/cards';
import { composeEnforcePlanCard } from '../../../src/cards/enforce-cards';
import {
  allText,
  digestData,
  enforcePlanData,
  enforceUndoData,
  listOf,
  nodesOfType,
  people,
  TOKEN,
} from './fixtures';

// biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of the check
const TRICKY = ['Pilot ${evil}', 'Ann ${x}'] as const;

const verbs = (card: unknown) => nodesOfType(card, 'Action.Execute').map((action) => action.verb);

describe('the enforcement preview and approval cards', () => {
  it('say how many will be enforced, name the first of them, and who each gate holds back', () => {
    const text = allText(
      expandCard('enforce-plan', enforcePlanData({ toEnforce: listOf(people(12), 40) }), 'en'),
    );
    assert.match(text, /40 users will be enforced/);
    assert.match(text, /Ready User 0[\s\S]*Ready User 9/);
    assert.doesNotMatch(text, /Ready User 10\b/, `at most ${MAX_DIGEST_NAMES} names`);
    assert.match(text, /and 30 more/);
    assert.match(text, /2 users are held back/);
    assert.match(text, /No usable sign-in method[^\n]* \(1 user\)[\s\S]{0,60}Diego Siciliani/);
    assert.match(text, /Break Glass/);
    assert.match(text, /Adds the users to the Conditional Access group/);
    assert.deepEqual(verbs(expandCard('enforce-plan', enforcePlanData(), 'en')), ['enforce.confirm']);
  });

  it('offers Confirm only while open and somebody can be enforced; the outcome replaces it', () => {
    const none = expandCard('enforce-plan', enforcePlanData({ toEnforce: listOf([]) }), 'en');
    assert.deepEqual(verbs(none), []);
    assert.match(allText(none), /Nobody can be enforced now/);
    const started = expandCard(
      'enforce-plan',
      enforcePlanData({ token: undefined, outcome: { kind: 'started', by: 'Adele Vance' } }),
      'en',
    );
    assert.deepEqual(verbs(started), []);
    assert.match(allText(started), /Confirmed by Adele Vance/);
    // An expired plan keeps no button even when the caller still passes its token.
    const expired = expandCard('enforce-plan', enforcePlanData({ outcome: { kind: 'expired' } }), 'en');
    assert.deepEqual(verbs(expired), []);
    assert.match(allText(expired), /has expired and nothing was changed/);
  });

  it('over the threshold the preview says a second admin approves; the approval card names the requester and offers Approve', () => {
    const preview = allText(
      expandCard('enforce-plan', enforcePlanData({ needsSecondAdmin: true, threshold: 2 }), 'en'),
    );
    assert.match(preview, /More than 2 users at once: after you confirm, a second rollout admin approves it/);
    const approval = expandCard(
      'enforce-plan',
      enforcePlanData({ kind: 'approval', needsSecondAdmin: true, threshold: 2 }),
      'en',
    );
    assert.deepEqual(verbs(approval), ['enforce.approve']);
    assert.match(
      allText(approval),
      /Adele Vance asks to enforce MFA for 3 users, more than 2 at once.*Adele Vance cannot/,
    );
  });

  it('composes the held users of a plan by gate, with the detail as the reason, and shows names literally', () => {
    const card = composeEnforcePlanCard({
      kind: 'preview',
      waveName: TRICKY[0],
      threshold: 50,
      token: TOKEN,
      plan: {
        mode: 'report-only',
        toEnforce: [{ displayName: TRICKY[1] }, { displayName: 'Eve Override', override: true }],
        held: [
          { displayName: 'Bo', gate: 'no-usable-method', detail: 'status no-phone' },
          { displayName: 'Cy', gate: 'excluded' },
          { displayName: 'Di', gate: 'no-usable-method' },
        ],
        needsSecondAdmin: false,
        requestedBy: { name: 'Adele Vance' },
      },
    });
    const text = allText(card.content);
    for (const literal of TRICKY) assert.ok(text.includes(literal), literal);
    assert.match(text, /Report only/);
    assert.match(text, /2 users will be enforced/);
    assert.match(text, /Eve Override[\s\S]{0,40}· enforced on an admin's override/);
    assert.match(text, /3 users are held back/);
    assert.match(text, /\(2 users\)\n[\s\S]*Bo[\s\S]*status no-phone[\s\S]*Di/);
  });

  it('stays within the Teams size limit with thousands of long names', () => {
    const long = people(5000).map((user) => ({
      ...user,
      displayName: `${user.displayName} ${'Ø'.repeat(300)}`,
    }));
    const card = expandCard(
      'enforce-plan',
      enforcePlanData({ toEnforce: listOf(long), held: [{ gate: 'excluded', list: listOf(long) }] }),
      'en',
    );
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < MAX_CARD_BYTES);
  });
});

describe('the digest with enforcement', () => {
  it('offers Undo only when somebody is enforced, beside Enforce when somebody is ready', () => {
    const both = expandCard(
      'ready-digest',
      digestData({ counts: { ready: 3, enforced: 2 }, undoToken: TOKEN }),
      'en',
    );
    assert.deepEqual(verbs(both), ['wave.enforce', 'wave.undo']);
    assert.match(allText(both), /2 users enforced\./);
    const noneEnforced = expandCard('ready-digest', digestData({ undoToken: TOKEN }), 'en');
    assert.deepEqual(verbs(noneEnforced), ['wave.enforce']);
  });

  it('after the retirement lists phone-only users apart and does not count them on Enforce', () => {
    const card = expandCard(
      'ready-digest',
      digestData({
        counts: { ready: 3 },
        ready: { strong: listOf(people(1)), phoneOnly: listOf([]) },
        needsStrongMethod: listOf(people(2, 'Phone Only')),
        retirementDate: '2027-02-01',
      }),
      'en',
    );
    const text = allText(card);
    assert.match(text, /2 users need Authenticator or a passkey/);
    assert.match(text, /retired on 1 February 2027/);
    assert.match(text, /Phone Only 0/);
    const enforce = nodesOfType(card, 'Action.Execute').find((action) => action.verb === 'wave.enforce');
    assert.equal(enforce?.title, 'Enforce MFA for 1 user');
  });

  it('counts the users the last enforcement held back, per gate', () => {
    const text = allText(
      expandCard(
        'ready-digest',
        digestData({
          counts: { enforced: 4 },
          heldBack: [
            { gate: 'break-glass', total: 1 },
            { gate: 'no-usable-method', total: 2 },
          ],
        }),
        'en',
      ),
    );
    assert.match(text, /4 users enforced\. 3 users held back:/);
    assert.match(text, /Emergency access \(break-glass\) account: never enforced \(1 user\)/);
    assert.match(text, /No usable sign-in method[^\n]* \(2 users\)/);
    assert.doesNotMatch(text, /more users not shown/, 'counts only, no missing list');
  });

  it('says what the last run did beside enforcing: refused by Entra ID, changed since the preview, report only', () => {
    const text = allText(
      expandCard('ready-digest', digestData({ lastRun: { failed: 1, changed: 2, reportOnly: 3 } }), 'en'),
    );
    assert.match(text, /1 user could not be enforced: Entra ID refused/);
    assert.match(text, /2 users changed after the preview and were not enforced/);
    assert.match(text, /The last run was report only: 3 users would have been enforced/);
    const quiet = allText(
      expandCard('ready-digest', digestData({ lastRun: { failed: 0, changed: 0, reportOnly: 0 } }), 'en'),
    );
    assert.doesNotMatch(quiet, /Enforcement/);
  });

  it('undo confirmation: what Undo reverses, then who undid how many', () => {
    const asking = expandCard('enforce-undo', enforceUndoData(), 'en');
    assert.deepEqual(verbs(asking), ['enforce.undo']);
    assert.match(allText(asking), /3 users of this wave are enforced/);
    const done = expandCard(
      'enforce-undo',
      enforceUndoData({ outcome: { kind: 'undone', by: 'Megan Bowen', restored: 2, failed: 1 } }),
      'en',
    );
    assert.deepEqual(verbs(done), []);
    assert.match(
      allText(done),
      /Undone by Megan Bowen: 2 users are back as before\. 1 user could not be restored/,
    );
  });
});
