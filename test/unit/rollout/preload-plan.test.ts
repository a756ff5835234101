import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvLine } from '../../../src/rollout/csv-cell';
import type { DirectoryUser, PhoneMethod } from '../../../src/rollout/directory';
import { readPhoneColumns } from '../../../src/rollout/preload-columns';
import { decideBeforeRead, parseTargets, planUserPhones } from '../../../src/rollout/preload-plan';

const mobile = (phoneNumber: string): PhoneMethod => ({ id: 'm', phoneType: 'mobile', phoneNumber });
const user: DirectoryUser = {
  id: 'U1',
  userPrincipalName: 'u@contoso.com',
  displayName: 'U',
  usageLocation: 'DK',
};

describe('phone preload plan', () => {
  it('adds a missing number, leaves an equal one (in any shape Graph holds it), holds a different one', () => {
    const targets = { mobile: '+45 20123456' };
    assert.deepEqual(planUserPhones({ targets, existing: [], overwrite: false }), {
      decision: 'add',
      writes: [{ phoneType: 'mobile', phoneNumber: '+45 20123456', method: 'POST' }],
      held: [],
    });
    for (const shape of ['+45 20123456', '+45 20 12 34 56']) {
      assert.equal(
        planUserPhones({ targets, existing: [mobile(shape)], overwrite: false }).decision,
        'unchanged',
      );
    }
    assert.deepEqual(planUserPhones({ targets, existing: [mobile('+45 20999999')], overwrite: false }), {
      decision: 'change',
      writes: [],
      held: ['mobile'],
    });
    assert.deepEqual(planUserPhones({ targets, existing: [mobile('+45 20999999')], overwrite: true }), {
      decision: 'overwrite',
      writes: [{ phoneType: 'mobile', phoneNumber: '+45 20123456', method: 'PATCH' }],
      held: [],
    });
  });

  it('writes a mobile before an alternate mobile; a held type does not stop the others', () => {
    const plan = planUserPhones({
      targets: { alternateMobile: '+45 20123457', mobile: '+45 20123456', office: '+45 33123456' },
      existing: [{ id: 'o', phoneType: 'office', phoneNumber: '+45 33999999' }],
      overwrite: false,
    });
    assert.equal(plan.decision, 'change');
    assert.deepEqual(plan.held, ['office']);
    assert.deepEqual(
      plan.writes.map((w) => w.phoneType),
      ['mobile', 'alternateMobile'],
    );
  });

  it('reads numbers against the usageLocation and names the first bad one with its reason', () => {
    assert.deepEqual(parseTargets({ mobile: '20 12 34 56' }, 'DK'), {
      ok: true,
      phones: { mobile: '+45 20123456' },
    });
    assert.deepEqual(parseTargets({ mobile: '12' }, 'DE'), {
      ok: false,
      invalid: { phoneType: 'mobile', problem: 'too-short', usageLocation: 'DE' },
    });
    assert.deepEqual(parseTargets({}, undefined), {
      ok: false,
      invalid: { phoneType: 'mobile', problem: 'empty', usageLocation: undefined },
    });
  });

  it('decides unknown, duplicate, excluded and disabled users before any read', () => {
    const excluded = new Set(['u1']);
    const cells = { mobile: '+45 20123456' };
    assert.equal(decideBeforeRead({ kind: 'unknown', reason: 'not-found' }, cells, new Set()).kind, 'final');
    assert.deepEqual(decideBeforeRead({ kind: 'duplicate', firstLine: 2 }, cells, new Set()), {
      kind: 'final',
      decision: 'duplicate-row',
    });
    assert.deepEqual(decideBeforeRead({ kind: 'found', user }, cells, excluded), {
      kind: 'final',
      decision: 'excluded',
    });
    assert.deepEqual(
      decideBeforeRead({ kind: 'found', user: { ...user, accountEnabled: false } }, cells, new Set()),
      { kind: 'final', decision: 'excluded' },
    );
    assert.deepEqual(decideBeforeRead({ kind: 'found', user }, cells, new Set()), {
      kind: 'read',
      user,
      targets: { mobile: '+45 20123456' },
    });
  });

  it("finds the seeds' and Entra's phone columns", () => {
    assert.deepEqual(readPhoneColumns(['userPrincipalName', 'mobile', 'alternateMobile', 'office']), {
      mobile: 1,
      alternateMobile: 2,
      office: 3,
    });
    assert.deepEqual(readPhoneColumns(['id', 'Phone Number']), { mobile: 1 });
    assert.deepEqual(readPhoneColumns(['upn', 'name']), {});
  });
});

describe('CSV report cells', () => {
  it('quotes delimiters and quotes, and defuses formulas', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('+45 •• •• •4 56'), "'+45 •• •• •4 56");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell(7), '7');
    assert.equal(csvLine(['a,b', undefined, 'c']), '"a,b",,c');
  });
});
