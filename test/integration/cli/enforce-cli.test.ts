/**
 * `wave enforce`, `wave override`, `wave undo` as an operator runs them: a child process against
 * the stack's Redis and Graph simulator, while the stack's workers run the enforcement job.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { SAMPLE_GROUPS } from '../../../src/dev/graph-sim';
import { seedWave } from '../../support/enforcement';
import { type Stack, startStack } from '../../support/stack';

const repoRoot = resolve(__dirname, '..', '..', '..');
const TSX = pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = join(repoRoot, 'src', 'cli.ts');
const id = (n: number) => `0b4c2a1e-3d5f-4a60-8b71-0000000000${String(n).padStart(2, '0')}`;
const ENFORCED = SAMPLE_GROUPS.enforcement;

function runCli(
  stack: Stack,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        LOG_LEVEL: 'silent',
        REDIS_URL: stack.config.REDIS_URL,
        REDIS_PREFIX: stack.config.REDIS_PREFIX,
        GRAPH_BASE_URL: stack.config.GRAPH_BASE_URL,
        TENANT_ID: stack.config.TENANT_ID,
        ADMIN_GROUP_ID: stack.config.ADMIN_GROUP_ID,
        ENFORCEMENT_GROUP_ID: ENFORCED,
        ENFORCE_APPROVAL_THRESHOLD: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', fail);
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('the enforcement commands of the CLI (child process)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { ENFORCEMENT_GROUP_ID: ENFORCED, ENFORCE_APPROVAL_THRESHOLD: '1' } });
    await seedWave(stack, 'w-cli', { groupId: SAMPLE_GROUPS.pilot, phoneReady: [id(1), id(2), id(5)] });
    stack.graph.state.deletePhone(id(5), 'mobile');
  });
  after(() => stack.close());

  it('previews with --dry-run and enforces nothing', async () => {
    const run = await runCli(stack, ['wave', 'enforce', 'w-cli', '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /2 to enforce, 1 held back/);
    assert.match(run.stdout, /HELD BACK \(1\): No usable sign-in method/);
    assert.match(run.stdout, /Lidia Holloway/);
    assert.match(run.stdout, /dry run: nothing was enforced/);
    assert.equal(stack.graph.state.directMemberIds(ENFORCED).length, 0);
  });

  it('above the threshold, refuses without a second admin, and with one who is no admin', async () => {
    const alone = await runCli(stack, ['wave', 'enforce', 'w-cli', '--yes']);
    assert.equal(alone.code, 1);
    assert.match(alone.stdout, /refused: over the threshold, add --approved-by/);
    const alex = await runCli(stack, ['wave', 'enforce', 'w-cli', '--yes', '--approved-by', id(2)]);
    assert.equal(alex.code, 1);
    assert.match(alex.stdout, /refused: not-admin/);
    assert.equal(stack.graph.state.directMemberIds(ENFORCED).length, 0);
  });

  it('enforces with a second admin, takes an override, and undoes per user and per wave', async () => {
    const run = await runCli(stack, ['wave', 'enforce', 'w-cli', '--yes', '--approved-by', id(6), '--wait']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /done: enforced 2/);
    assert.deepEqual([...stack.graph.state.directMemberIds(ENFORCED)].sort(), [id(1), id(2)]);

    const refused = await runCli(stack, ['wave', 'override', 'w-cli', '--user', id(5)]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /needs --user <id> and --reason/);
    const override = await runCli(stack, [
      'wave',
      'override',
      'w-cli',
      '--user',
      id(5),
      '--reason',
      'TAP issued',
    ]);
    assert.equal(override.code, 0, override.stderr);
    const again = await runCli(stack, ['wave', 'enforce', 'w-cli', '--yes', '--wait']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /on an admin override/);
    assert.ok(stack.graph.state.isDirectMember(ENFORCED, id(5)));

    const one = await runCli(stack, ['wave', 'undo', 'w-cli', '--user', id(1)]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /undone: 1 restored/);
    assert.equal(stack.graph.state.isDirectMember(ENFORCED, id(1)), false);
    const all = await runCli(stack, ['wave', 'undo', 'w-cli', '--json']);
    assert.deepEqual(JSON.parse(all.stdout), { restored: 2, unrecorded: 0, failed: 0 });
    assert.equal(stack.graph.state.directMemberIds(ENFORCED).length, 0);
  });
});
