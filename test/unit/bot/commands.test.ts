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
    });
    assert.deepEqual(parseCommand(`Wave  start --group ${group} --name Finance`), {
      kind: 'wave-start',
      groupId: group,
      name: 'Finance',
    });
    assert.deepEqual(parseCommand(`wave start ${group}`), {
      kind: 'wave-start',
      groupId: group,
      name: undefined,
    });
  });

  it('explains the syntax instead of starting a wave without a valid group id', () => {
    assert.deepEqual(parseCommand('wave start'), { kind: 'wave-usage' });
    assert.deepEqual(parseCommand('wave start finance'), { kind: 'wave-usage' });
    assert.deepEqual(parseCommand('wave start --group not-a-guid'), { kind: 'wave-usage' });
  });

  it('reads "my status" in every supported language', () => {
    for (const text of ['my status', 'My status', 'min status', 'Mein Status', 'mon statut', 'mi estado']) {
      assert.deepEqual(parseCommand(text), { kind: 'my-status' }, text);
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
});
