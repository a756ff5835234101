/**
 * A message the bot wants to update that Teams no longer has (404: the chat was reset, a local
 * Playground restarted) is expected: the digest is posted again and a reminder stands on its own.
 * That is logged at info, saying what happens next, never as a warning (walk finding 8).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sendReminder } from '../../../src/app/remind';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { createLogger } from '../../../src/logger';
import { say } from '../../support/chat';
import { eventually, type Stack, startStack } from '../../support/stack';

const adele = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };

/** A real pino logger at debug level whose lines are kept, parsed. */
function recordedLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('debug', 'test', sink), lines };
}

const WARN = 40;
const INFO = 30;

describe('an update Teams answers 404 (the message is gone)', () => {
  let stack: Stack;
  let waveId: string;
  const log = recordedLogger();

  before(async () => {
    stack = await startStack({ logger: log.logger });
    await say(stack, adele, `wave start ${SAMPLE_GROUPS.pilot} Pilot`);
    const { repo } = stack.runtime.deps;
    const wave = await eventually(async () => (await repo.listWaves(1))[0], 10_000, 'the wave');
    waveId = wave.id;
    await eventually(
      async () => (await repo.getUser(waveId, SAMPLE_USERS.alex))?.status === 'notified',
      30_000,
      "Alex's card",
    );
  });
  after(() => stack.close());

  /** Deletes a message as Teams forgets it (the Bot Connector's own DELETE). */
  async function forget(conversationId: string, activityId: string): Promise<void> {
    const url = `${stack.connector.url.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`;
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 200);
  }

  it('the digest is posted again, logged at info with what happens next', async () => {
    const { deps } = stack.runtime;
    // Diego has no number: the admins' digest was posted in the chat the wave was started from.
    const first = await eventually(() => deps.repo.digestActivity(waveId), 30_000, 'the digest');
    await forget(`a:chat-${adele.aadObjectId}`, first);

    const since = log.lines.length;
    await deps.jobs.refreshDigest(waveId);
    const again = await eventually(
      async () => {
        const now = await deps.repo.digestActivity(waveId);
        return now !== first && now;
      },
      30_000,
      'a new digest in its place',
    );
    assert.ok(stack.connector.transcript.hasActivity(`a:chat-${adele.aadObjectId}`, again));
    const lines = log.lines.slice(since);
    assert.deepEqual(
      lines.filter((line) => line.level >= WARN),
      [],
      'no warning',
    );
    assert.ok(
      lines.some(
        (line) =>
          line.level === INFO && /digest message is gone \(404\); posting a new digest/.test(line.msg),
      ),
      JSON.stringify(lines),
    );
  });

  it('a reminder whose previous card is gone says so at info, and is sent', async () => {
    const { deps } = stack.runtime;
    const before = await deps.repo.getUser(waveId, SAMPLE_USERS.alex);
    assert.ok(before?.activityId && before.conversationId);
    await forget(before.conversationId, before.activityId);

    const { logger, lines } = recordedLogger();
    const result = await sendReminder(
      { ...deps, logger },
      { waveId, userId: SAMPLE_USERS.alex, kind: 'scheduled' },
      { owner: 'test-reminder', last: false },
    );
    assert.deepEqual(result, { kind: 'done', outcome: 'reminded' });
    assert.deepEqual(
      lines.filter((line) => line.level >= WARN),
      [],
      'no warning',
    );
    assert.ok(
      lines.some((line) => line.level === INFO && /previous card is gone \(404\)/.test(line.msg)),
      JSON.stringify(lines),
    );
  });
});
