import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkDeadlineDays,
  checkGroupId,
  checkOverlap,
  checkWaveName,
  shortenWaveName,
  WAVE_NAME_MAX_CHARS,
  type WaveOverlap,
  WaveStartRefusedError,
} from '../../../src/rollout/wave-start';

function refusalOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof WaveStartRefusedError) return error.refusal;
    throw error;
  }
  assert.fail('expected a refusal');
}

function overlap(targeted: number, overlapping: number): WaveOverlap {
  return {
    targeted,
    overlapping,
    alreadyDone: 0,
    waves: overlapping ? [{ waveId: 'w1', name: 'Pilot', users: overlapping, alreadyDone: 0 }] : [],
    usersInOtherWaves: 0,
    alreadyDoneInOtherWaves: 0,
  };
}

describe('wave start bounds', () => {
  it('takes a name of up to 80 characters and refuses a longer one, saying how long it was', () => {
    assert.equal(checkWaveName('  Pilot:\n Finance\t '), 'Pilot: Finance');
    assert.equal(checkWaveName('   '), undefined);
    assert.equal(checkWaveName('x'.repeat(WAVE_NAME_MAX_CHARS)), 'x'.repeat(80));
    assert.deepEqual(
      refusalOf(() => checkWaveName('x'.repeat(4950))),
      { kind: 'name-too-long', length: 4950, max: 80 },
    );
    // Characters as people count them: an emoji is one, not two UTF-16 units.
    assert.equal(checkWaveName('🚀'.repeat(80)), '🚀'.repeat(80));
  });

  it('shortens a name it did not get from the admin (a file or group name) instead of refusing it', () => {
    const shortened = shortenWaveName(`${'Finance department export '.repeat(10)}.csv`)!;
    assert.equal([...shortened].length, 80);
    assert.ok(shortened.endsWith('…'));
    assert.equal(shortenWaveName('Finance'), 'Finance');
    assert.equal(shortenWaveName(''), undefined);
  });

  it('takes whole deadline days from 1 to 365 and refuses anything else, echoing it shortly', () => {
    assert.equal(checkDeadlineDays(undefined, 14), 14);
    assert.equal(checkDeadlineDays('21', 14), 21);
    assert.equal(checkDeadlineDays(365, 14), 365);
    for (const given of ['0', '366', '1.5', '-3', 'soon', '', '1e3']) {
      assert.equal(refusalOf(() => checkDeadlineDays(given, 14))?.kind, 'deadline-out-of-range', given);
    }
    const refusal = refusalOf(() => checkDeadlineDays('9'.repeat(500), 14));
    assert.ok(refusal?.kind === 'deadline-out-of-range' && [...refusal.given].length <= 40);
  });

  it('takes a GUID as group id and refuses anything else before Graph is asked', () => {
    assert.equal(
      checkGroupId(' 9A0E1B2C-1111-4111-8111-000000000001 '),
      '9a0e1b2c-1111-4111-8111-000000000001',
    );
    assert.deepEqual(
      refusalOf(() => checkGroupId('finance')),
      { kind: 'invalid-group-id', given: 'finance' },
    );
  });
});

describe('the overlap rule', () => {
  it('lets a start without overlap through', () => {
    assert.doesNotThrow(() => checkOverlap(overlap(10, 0), false, 'New'));
  });

  it('refuses an overlapping start unless the admin includes the overlap', () => {
    assert.equal(refusalOf(() => checkOverlap(overlap(100, 34), false, 'New'))?.kind, 'overlap');
    assert.doesNotThrow(() => checkOverlap(overlap(100, 34), true, 'New'));
  });

  it('refuses when leaving the overlap out would leave nobody, whatever the admin chose', () => {
    assert.equal(refusalOf(() => checkOverlap(overlap(8, 8), true, 'New'))?.kind, 'nobody-left');
    assert.equal(refusalOf(() => checkOverlap(overlap(8, 8), false, 'New'))?.kind, 'nobody-left');
  });
});
