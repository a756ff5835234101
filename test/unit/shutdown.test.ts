import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const SHUTDOWN = join(__dirname, '..', '..', 'src', 'shutdown.ts');

/** A real child process that registers closeOnSignal, gets SIGTERM, and reports how it ended. */
function runChild(closeBody: string): Promise<{ code: number | null; output: string }> {
  const script = `
    const { closeOnSignal } = require(${JSON.stringify(SHUTDOWN)});
    closeOnSignal(async () => { ${closeBody} });
    process.stdout.write('ready\\n');
    setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('ready\n') && !child.killed) child.kill('SIGTERM');
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('closeOnSignal', () => {
  it('closes what the process runs on SIGTERM, then exits 0', async () => {
    const { code, output } = await runChild("process.stdout.write('closed\\n');");
    assert.equal(code, 0);
    assert.match(output, /closed/);
  });

  it('exits 1 when closing fails', async () => {
    const { code } = await runChild("throw new Error('redis gone');");
    assert.equal(code, 1);
  });
});
