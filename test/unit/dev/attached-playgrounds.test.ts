import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  type AttachedPlayground,
  forgetAttachedPlayground,
  recordAttachedPlayground,
  runningPlaygroundsFor,
} from '../../../src/dev/attached-playgrounds';

const dir = mkdtempSync(join(tmpdir(), 'attached-playgrounds-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A process id that is certainly not running any more: a child that has exited. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString(),
  );
}

const BOT = 'http://127.0.0.1:3978/api/messages';
const megan = (port: number, patch: Partial<AttachedPlayground> = {}): AttachedPlayground => ({
  pid: process.pid,
  url: `http://localhost:${port}`,
  port,
  person: 'megan',
  botEndpoint: BOT,
  ...patch,
});

describe('.data/dev-playgrounds: second Playgrounds a starting world attaches again', () => {
  it('lists the running ones for this bot only; forgets those whose process is gone', () => {
    recordAttachedPlayground(dir, megan(56151));
    recordAttachedPlayground(
      dir,
      megan(56152, { person: 'alex', botEndpoint: 'http://127.0.0.1:3991/api/messages' }),
    );
    recordAttachedPlayground(dir, megan(56153, { pid: deadPid() }));
    writeFileSync(join(dir, '56154.json'), 'not json');

    assert.deepEqual(runningPlaygroundsFor(dir, BOT), [megan(56151)]);
    assert.equal(existsSync(join(dir, '56153.json')), false, 'a stopped one is removed');
    assert.equal(existsSync(join(dir, '56154.json')), false, 'so is an unreadable one');
    assert.equal(existsSync(join(dir, '56152.json')), true, 'another bot’s stays');
  });

  it('is forgotten by the process that wrote it, not by another', () => {
    recordAttachedPlayground(dir, megan(56155));
    forgetAttachedPlayground(dir, 56155, deadPid());
    assert.equal(
      runningPlaygroundsFor(dir, BOT).some((p) => p.port === 56155),
      true,
    );
    forgetAttachedPlayground(dir, 56155);
    assert.equal(
      runningPlaygroundsFor(dir, BOT).some((p) => p.port === 56155),
      false,
    );
  });

  it('finds nothing where nothing was recorded', () => {
    assert.deepEqual(runningPlaygroundsFor(join(dir, 'none'), BOT), []);
  });
});
