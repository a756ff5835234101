import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { testRedisUrl } from '../../support/redis';
import { type Stack, startStack } from '../../support/stack';

const TSX = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
const CLI = join(__dirname, '..', '..', '..', 'src', 'cli.ts');

/**
 * `npm run cli -- phones preload` as an operator runs it: the dry run prints counts and problems
 * with their lines and writes the report file; --apply applies it with no bot or worker running
 * (the CLI takes the job itself) and prints the result.
 */
describe('phones preload from the command line', () => {
  let stack: Stack;
  let dir: string;

  before(async () => {
    stack = await startStack({ startWorkers: false });
    dir = mkdtempSync(join(tmpdir(), 'cli-preload-'));
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

  it('dry run with a report file, then --apply with its progress and result', async () => {
    const file = join(dir, 'phones.csv');
    writeFileSync(
      file,
      'userPrincipalName;phoneNumber\nDiegoS@contoso.onmicrosoft.com;+34 600 000 103\nLenaF@contoso.onmicrosoft.com;12\n',
    );
    const report = join(dir, 'report.csv');
    const dry = await cli('phones', 'preload', '--csv', file, '--report', report);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^dry run pl-[0-9a-f-]+: 2 rows; 1 number to write, 0 different numbers kept$/m);
    assert.match(dry.stdout, /^add\s+1$/m);
    assert.match(dry.stdout, /^invalid-number\s+1$/m);
    assert.match(
      dry.stdout,
      /^3\s+LenaF@contoso\.onmicrosoft\.com\s+invalid-number\s+Number too short \(mobile, usageLocation DE\)$/m,
    );
    assert.match(dry.stdout, /nothing was written/);
    assert.match(readFileSync(report, 'utf8'), /^3,LenaF@contoso\.onmicrosoft\.com,invalid-number,/m);
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile'), undefined);

    const applied = await cli('phones', 'preload', '--csv', file, '--apply');
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /^applied 1\/1 \(added 1\)$/m);
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber, '+34 600000103');
    assert.doesNotMatch(dry.stdout + applied.stdout + readFileSync(report, 'utf8'), /600 ?000 ?103/);
  });
});
