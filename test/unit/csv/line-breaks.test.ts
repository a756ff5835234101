import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineTally, normaliseLineBreaks } from '../../../src/csv/line-breaks';

async function normalise(chunks: string[]): Promise<{ text: string; lines: number }> {
  const tally = new LineTally();
  async function* source() {
    for (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
  }
  const out: Buffer[] = [];
  for await (const chunk of normaliseLineBreaks(source(), tally)) out.push(chunk);
  return { text: Buffer.concat(out).toString('utf8'), lines: tally.lines };
}

describe('CSV line breaks', () => {
  it('turns CRLF and lone CR into LF, also when a CRLF is split between two chunks', async () => {
    assert.deepEqual(await normalise(['a\r\nb\rc\n']), { text: 'a\nb\nc\n', lines: 3 });
    assert.deepEqual(await normalise(['a\r', '\nb\r', 'c']), { text: 'a\nb\nc', lines: 3 });
    assert.deepEqual(await normalise(['a\r', '', '\r']), { text: 'a\n\n', lines: 2 });
  });

  it('counts a last line without a line break, and no line for an empty file', async () => {
    assert.equal((await normalise(['upn\nAdeleV@contoso.onmicrosoft.com'])).lines, 2);
    assert.equal((await normalise(['upn\n'])).lines, 1);
    assert.equal((await normalise([])).lines, 0);
  });
});
