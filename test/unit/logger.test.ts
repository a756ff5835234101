import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('logger', () => {
  it('masks phone numbers and redacts secrets in messages and fields', async () => {
    const { lines, stream } = capture();
    const sink = createLogger('info', 'test', stream);
    sink.info(
      { phone: '+45 20123456', nested: { Authorization: 'Bearer abc.def', token: 'tok' } },
      'number +1 4255550101 given',
    );
    await new Promise((r) => setImmediate(r));
    const line = lines.join('');
    assert.doesNotMatch(line, /20123456|4255550101|abc\.def|"tok"/);
    assert.match(line, /\+45 •• •• •4 56/);
    assert.match(line, /\[redacted\]/);
  });
});
