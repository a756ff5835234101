import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from '../../../src/bot/commands';

const group = '9a0e1b2c-1111-4111-8111-000000000001';

describe('parseCommand', () => {
  it('reads a wave start with a group id and a name', () => {
    assert.deepEqual(parseCommand(`wave start ${group} Pilot wave`), {
      kind: 'wave-start',
      groupId: group,
      name: 'Pilot wave',
      includeOverlap: false,
    });
    assert.deepEqual(parseCommand(`Wave  start --group ${group} --name Finance`), {
      kind: 'wave-start',
      groupId: group,
      name: 'Finance',
      includeOverlap: false,
    });
    assert.deepEqual(parseCommand(`wave start ${group}`), {
      kind: 'wave-start',
      groupId: group,
      name: undefined,
      includeOverlap: false,
    });
  });

  it('reads --include-overlap and --deadline-days anywhere, and --name up to the next flag', () => {
    assert.deepEqual(parseCommand(`wave start ${group} Pilot 2 --include-overlap`), {
      kind: 'wave-start',
      groupId: group,
      name: 'Pilot 2',
      includeOverlap: true,
    });
    assert.deepEqual(
      parseCommand(`wave start --name Pilot two --deadline-days 21 --group ${group} --include-overlap`),
      { kind: 'wave-start', groupId: group, name: 'Pilot two', includeOverlap: true, deadlineDays: '21' },
    );
    // The value is checked by the wave start, which says what it allows.
    assert.deepEqual(parseCommand(`wave start ${group} --deadline-days soon`), {
      kind: 'wave-start',
      groupId: group,
      name: undefined,
      includeOverlap: false,
      deadlineDays: 'soon',
    });
  });

  it('shows the syntax for an unknown flag rather than taking it into the name', () => {
    assert.deepEqual(parseCommand(`wave start ${group} Pilot --include-overlaps`), { kind: 'wave-usage' });
  });

  it('explains the syntax instead of starting a wave without a valid group id', () => {
    assert.deepEqual(parseCommand('wave start'), { kind: 'wave-usage' });
    assert.deepEqual(parseCommand('wave start finance'), { kind: 'wave-usage' });
    assert.deepEqual(parseCommand('wave start --group not-a-guid'), { kind: 'wave-usage' });
  });

  it('reads "my status" in every supported language', () => {
    for (const text of [
      'my status',
      'My status?',
      'min status',
      'Mein Status!',
      'mon statut',
      'Mon statut ?',
      'mi estado',
      '¿Mi estado?',
      'status',
    ]) {
      assert.deepEqual(parseCommand(text), { kind: 'my-status' }, text);
    }
  });

  it('takes "my status" only as the whole message', () => {
    for (const text of ['what is my status in the rollout', 'status of wave', 'min status er god']) {
      assert.equal(parseCommand(text).kind, 'unknown', text);
    }
  });

  it('reads status, list and help', () => {
    assert.deepEqual(parseCommand('wave status 20261123-pilot-abc'), {
      kind: 'wave-status',
      waveId: '20261123-pilot-abc',
    });
    assert.deepEqual(parseCommand('wave status'), { kind: 'wave-status', waveId: undefined });
    assert.deepEqual(parseCommand('waves'), { kind: 'wave-list' });
    assert.deepEqual(parseCommand('HELP'), { kind: 'help' });
    assert.equal(parseCommand('hello there').kind, 'unknown');
  });

  it('reads an undo of one user, with or without its words', () => {
    assert.deepEqual(parseCommand('wave undo 20261207-pilot-abc AdeleV@contoso.onmicrosoft.com'), {
      kind: 'wave-undo-user',
      waveId: '20261207-pilot-abc',
      user: 'AdeleV@contoso.onmicrosoft.com',
    });
    assert.deepEqual(parseCommand('Wave Undo'), {
      kind: 'wave-undo-user',
      waveId: undefined,
      user: undefined,
    });
  });

  it('answers "wave" alone, or with a word it does not take, with the menu of commands', () => {
    for (const text of ['wave', 'Wave', 'wave stats', 'wave help me']) {
      assert.deepEqual(parseCommand(text), { kind: 'help' }, text);
    }
    assert.equal(parseCommand('wavey gravy').kind, 'unknown');
  });
});
