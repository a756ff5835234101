import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CsvImportReport } from '../../../src/app/csv-import-report';
import { dryRunOutcome, formatCsvReport } from '../../../src/cli/csv-report';
import type { WaveOverlap } from '../../../src/rollout/wave-start';

/** The walk's file: a user, an unknown user (line 3), a malformed row (line 4), a user. */
function dryRun(patch: Partial<CsvImportReport> = {}): CsvImportReport {
  return {
    fileName: 'bad.csv',
    dryRun: true,
    accepted: true,
    delimiter: ',',
    header: true,
    columns: { userPrincipalName: 'userPrincipalName' },
    rows: 4,
    valid: 3,
    duplicates: 0,
    invalid: 1,
    blankLines: 0,
    errors: [{ line: 4, message: '"not an email" is neither an object id nor a user principal name' }],
    errorsNotListed: 0,
    duplicateLines: [],
    duplicatesNotListed: 0,
    directory: {
      checked: 3,
      found: 2,
      excluded: 0,
      unresolved: [{ line: 3, message: 'nobody@contoso.onmicrosoft.com: no such user in the directory' }],
      unresolvedNotListed: 0,
    },
    ...patch,
  };
}

const overlap = (overlapping: number, targeted = 3): WaveOverlap => ({
  targeted,
  overlapping,
  alreadyDone: 0,
  waves: [{ waveId: 'w', name: 'Pilot', users: overlapping, alreadyDone: 0 }],
  usersInOtherWaves: 0,
  alreadyDoneInOtherWaves: 0,
});

/** The report's last line: the dry run's verdict. */
const verdict = (report: CsvImportReport, includeOverlap = false) =>
  formatCsvReport(report, { includeOverlap }).split('\n').at(-1);

describe('the CSV dry run says what a start would do', () => {
  it('accepted with rows left out: how many users the file gives, and how many the wave would get', () => {
    assert.equal(
      verdict(dryRun()),
      'dry run: the file would be accepted: 3 users; 1 malformed row left out (--skip-invalid). ' +
        'The wave would get 2 users (left out: 1 not in the directory). Nothing was created.',
    );
    assert.doesNotMatch(formatCsvReport(dryRun()), /fine/);
    assert.deepEqual(dryRunOutcome(dryRun(), false), {
      start: 'accepted',
      fileUsers: 3,
      malformedLeftOut: 1,
      waveUsers: 2,
      notInDirectory: 1,
      inActiveWaves: 0,
      excluded: 0,
    });
  });

  it('a clean file: its users, and who of them is excluded', () => {
    const clean = dryRun({
      rows: 3,
      invalid: 0,
      errors: [],
      directory: { checked: 3, found: 3, excluded: 1, unresolved: [], unresolvedNotListed: 0 },
    });
    assert.equal(
      verdict(clean),
      'dry run: the file would be accepted: 3 users. The wave would get 3 users, 1 of them excluded ' +
        '(no card: disabled or configured). Nothing was created.',
    );
  });

  it('refused for malformed rows without --skip-invalid, and why', () => {
    assert.equal(
      verdict(dryRun({ accepted: false })),
      'dry run: the file would be refused: 1 malformed row (fix it, or pass --skip-invalid to leave it out). Nothing was created.',
    );
    assert.equal(
      verdict(dryRun({ accepted: false, valid: 0, invalid: 0, errors: [] })),
      'dry run: the file would be refused: it names no user. Nothing was created.',
    );
    assert.deepEqual(dryRunOutcome(dryRun({ accepted: false }), true), { start: 'refused', because: 'file' });
  });

  it('users already in an active wave: refused without --include-overlap, left out with it', () => {
    const overlapping = dryRun({ overlap: overlap(1) });
    assert.equal(
      verdict(overlapping),
      'dry run: a start would be refused: 1 user is already in an active wave (add --include-overlap to leave them out). ' +
        'The file itself is usable: 3 users; 1 malformed row left out (--skip-invalid). Nothing was created.',
    );
    assert.equal(
      verdict(overlapping, true),
      'dry run: the file would be accepted: 3 users; 1 malformed row left out (--skip-invalid). ' +
        'The wave would get 1 user (left out: 1 not in the directory, 1 already in an active wave). Nothing was created.',
    );
    assert.deepEqual(dryRunOutcome(dryRun({ overlap: overlap(3) }), true), {
      start: 'refused',
      because: 'nobody-left',
    });
  });
});
