import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startWave } from '../../../src/app/start-wave';
import { SAMPLE_GROUPS } from '../../../src/dev/graph-sim';
import { testRedisUrl } from '../../support/redis';
import { eventually, type Stack, startStack } from '../../support/stack';

const TSX = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', '..', '..', 'src', 'cli.ts');

/**
 * `npm run cli -- wave start`, as an operator runs it, against the bot's Redis and the Graph
 * simulator: every refusal is one line on stderr and exit code 1, and nothing is created.
 */
describe('the CLI refuses a wave start in one line, creating nothing', () => {
  let stack: Stack;
  let dir: string;

  before(async () => {
    stack = await startStack();
    dir = mkdtempSync(join(tmpdir(), 'cli-wave-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stack.close();
  });

  function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        TSX,
        [CLI, ...args],
        {
          env: {
            ...process.env,
            NODE_ENV: 'test',
            LOG_LEVEL: 'silent',
            REDIS_URL: testRedisUrl(),
            REDIS_PREFIX: stack.config.REDIS_PREFIX,
            GRAPH_BASE_URL: stack.graph.url,
          },
        },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  async function refused(args: string[], line: RegExp): Promise<void> {
    const { code, stderr } = await cli(...args);
    assert.equal(code, 1, stderr);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${stderr}`);
    assert.match(lines[0]!, line);
  }

  it('a group that does not exist, an id that is not one, an empty group', async () => {
    await refused(
      ['wave', 'start', '--group', '00000000-0000-4000-8000-000000000000'],
      /^There is no group with the id 00000000-0000-4000-8000-000000000000 in Microsoft Entra ID\..*Nothing was created\.$/,
    );
    await refused(['wave', 'start', '--group', 'finance'], /^"finance" is not an Entra group id\./);
    await refused(
      ['wave', 'start', '--group', SAMPLE_GROUPS.enforcement],
      /^The group MFA Enforced \(CA\) has no user members, not even in nested groups/,
    );
    assert.deepEqual(await stack.runtime.deps.repo.listWaves(), []);
  });

  it('a name over 80 characters and deadline days out of range', async () => {
    await refused(
      ['wave', 'start', '--group', SAMPLE_GROUPS.pilot, '--name', 'x'.repeat(4950)],
      /^The wave name can be at most 80 characters \(you gave 4,950\)\. Nothing was created\.$/,
    );
    // Each spawn costs seconds: one bad value here, the range itself is unit-tested.
    await refused(
      ['wave', 'start', '--group', SAMPLE_GROUPS.pilot, '--deadline-days', '366'],
      /whole number of days from 1 to 365 \(you gave 366\)/,
    );
    assert.deepEqual(await stack.runtime.deps.repo.listWaves(), []);
  });

  it('users already in an active wave, unless --include-overlap', async () => {
    const pilot = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      name: 'Pilot',
      createdBy: { id: 'test', name: 'test' },
    });
    await eventually(
      async () => (await stack.runtime.deps.repo.getWave(pilot.id))?.status === 'active',
      20_000,
      'pilot expanded',
    );
    await refused(
      ['wave', 'start', '--group', SAMPLE_GROUPS.allStaff, '--name', 'Everyone'],
      /^8 users are already in the active wave Pilot\. .*Nothing was created\. To start the wave with only the 52 other users, add --include-overlap to the command\.$/,
    );
    const file = join(dir, 'pilot-again.csv');
    writeFileSync(file, 'userPrincipalName\nAlexW@contoso.onmicrosoft.com\nJoniS@contoso.onmicrosoft.com\n');
    const csv = await cli('wave', 'start', '--csv', file);
    assert.equal(csv.code, 1);
    assert.match(csv.stderr.trim(), /^1 user is already in the active wave Pilot\./);
    assert.equal((await stack.runtime.deps.repo.listWaves()).length, 1);

    const { code, stderr } = await cli(
      'wave',
      'start',
      '--group',
      SAMPLE_GROUPS.allStaff,
      '--name',
      'Everyone',
      '--include-overlap',
    );
    assert.equal(code, 0, stderr);
    const everyone = (await stack.runtime.deps.repo.listWaves()).find((wave) => wave.name === 'Everyone');
    assert.equal(everyone?.leftOut, 8);
  });

  it('says there is no wave with that id while waves exist', async () => {
    await refused(['wave', 'status', '20990101-nothing-000000'], /^no wave with that id/);
  });
});
