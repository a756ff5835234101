import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CommandLine, readCommandLine, usage } from '../../../src/cli/command-line';

function usageOf(line: CommandLine): Extract<CommandLine, { kind: 'usage' }> {
  assert.equal(line.kind, 'usage', JSON.stringify(line));
  return line as Extract<CommandLine, { kind: 'usage' }>;
}

describe('the CLI command line', () => {
  it('runs a complete command with its flags and words', () => {
    const line = readCommandLine(['wave', 'status', '20261207-pilot-ed1d16', '--json']);
    assert.equal(line.kind, 'run');
    if (line.kind !== 'run') return;
    assert.equal(line.name, 'wave status');
    assert.deepEqual(line.args, ['20261207-pilot-ed1d16']);
    assert.equal(line.values.json, true);
    assert.equal((readCommandLine(['status']) as { name?: string }).name, 'wave status');
    assert.equal((readCommandLine(['waves']) as { name?: string }).name, 'waves');
    assert.equal(
      (readCommandLine(['wave', 'start', '--csv', 'users.csv', '--dry-run']) as { name?: string }).name,
      'wave start',
    );
  });

  it('answers a command word alone with the usage of its commands', () => {
    const wave = usageOf(readCommandLine(['wave']));
    assert.equal(wave.problem, undefined);
    assert.equal(wave.code, 2);
    assert.equal(
      wave.text,
      usage(['wave start', 'wave status', 'wave enforce', 'wave undo', 'wave override']),
    );
    assert.equal(usageOf(readCommandLine(['wave', '--help'])).code, 0);
  });

  it('names what is missing or unknown, and prints the usage of that command', () => {
    const start = usageOf(readCommandLine(['wave', 'start']));
    assert.equal(start.problem, 'wave start needs --group <entra-group-id> or --csv <file>');
    assert.equal(start.text, usage(['wave start']));
    assert.equal(
      usageOf(readCommandLine(['wave', 'start', '--group', 'g', '--csv', 'f'])).problem,
      'wave start takes --group or --csv, not both',
    );
    const other = usageOf(readCommandLine(['wave', 'stop']));
    assert.equal(other.problem, 'unknown command "wave stop"');
    assert.equal(
      other.text,
      usage(['wave start', 'wave status', 'wave enforce', 'wave undo', 'wave override']),
    );
    const unknown = usageOf(readCommandLine(['frob']));
    assert.equal(unknown.problem, 'unknown command "frob"');
    assert.equal(unknown.text, usage());
    assert.match(usageOf(readCommandLine(['waves', '--frob'])).problem ?? '', /Unknown option '--frob'/);
  });

  it("prints one command's usage for --help, to stdout", () => {
    const help = usageOf(readCommandLine(['wave', 'start', '--help']));
    assert.deepEqual([help.code, help.problem, help.text], [0, undefined, usage(['wave start'])]);
    assert.deepEqual(usageOf(readCommandLine([])).code, 2);
    assert.deepEqual(usageOf(readCommandLine(['--help'])).text, usage());
  });
});
