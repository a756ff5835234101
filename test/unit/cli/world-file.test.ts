import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readWorldFile, removeWorldFile, worldSettings, writeWorldFile } from '../../../src/cli/world-file';
import { loadConfig } from '../../../src/config';

const dir = mkdtempSync(join(tmpdir(), 'world-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A process id that is certainly not running any more: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

const world = (pid: number) => ({
  pid,
  startedAt: new Date().toISOString(),
  botEndpoint: 'http://127.0.0.1:3978/api/messages',
  playgroundUrl: 'http://localhost:56150',
  settings: { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'mfa-dev' },
});

describe('.data/dev-world.json', () => {
  it('carries what the CLI needs, and no secret', () => {
    const config = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:43519',
      REDIS_PREFIX: 'mfa-dev',
      GRAPH_BASE_URL: 'http://127.0.0.1:39103',
      ADMIN_CHANNEL_ID: '19:mfa-rollout-admin@thread.tacv2',
      EXCLUDED_USER_IDS: 'a,b',
      BOT_PASSWORD: 'bot-password-value',
      ACTION_TOKEN_SECRET: 'action-token-secret-value-0123456789abcdef',
      GRAPH_TENANT_ID: 't',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CLIENT_SECRET: 'graph-client-secret-value',
    });
    const settings = worldSettings(config);
    assert.equal(settings.REDIS_URL, 'redis://127.0.0.1:43519');
    assert.equal(settings.REDIS_PREFIX, 'mfa-dev');
    assert.equal(settings.GRAPH_BASE_URL, 'http://127.0.0.1:39103');
    assert.equal(settings.ADMIN_CHANNEL_ID, '19:mfa-rollout-admin@thread.tacv2');
    assert.equal(settings.EXCLUDED_USER_IDS, 'a,b');
    const text = JSON.stringify(settings);
    for (const secret of ['bot-password-value', 'action-token-secret-value', 'graph-client-secret-value'])
      assert.ok(!text.includes(secret), `${secret} is not in the file`);

    const withPassword = worldSettings(loadConfig({ REDIS_URL: 'redis://:hunter2@127.0.0.1:6379' }));
    assert.equal(withPassword.REDIS_URL, undefined, 'a Redis URL with a password stays out');
  });

  it('tells a running world from a stopped one, a missing file and a broken one', () => {
    const path = join(dir, 'running.json');
    writeWorldFile(path, world(process.pid));
    const running = readWorldFile(path);
    assert.equal(running.kind, 'running');
    assert.equal(running.kind === 'running' && running.world.settings.REDIS_PREFIX, 'mfa-dev');

    const stalePath = join(dir, 'stale.json');
    writeWorldFile(stalePath, world(deadPid()));
    assert.equal(readWorldFile(stalePath).kind, 'stale');

    assert.equal(readWorldFile(join(dir, 'none.json')).kind, 'none');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"pid": "not a number"');
    assert.equal(readWorldFile(broken).kind, 'unreadable');
  });

  it('is removed on stop only by the world that wrote it', () => {
    const path = join(dir, 'owned.json');
    writeWorldFile(path, world(process.pid));
    removeWorldFile(path, process.pid + 1);
    assert.ok(JSON.parse(readFileSync(path, 'utf8')).pid === process.pid, 'another world leaves it');
    removeWorldFile(path, process.pid);
    assert.equal(readWorldFile(path).kind, 'none');
  });
});
