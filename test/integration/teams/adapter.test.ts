import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import type { ConnectorSimulator } from '../../../src/dev/connector-sim';
import type { Logger } from '../../../src/logger';
import { createCloudAdapter, type TeamsAdapter } from '../../../src/teams/adapter';
import { openTestConversation, startTestConnector, testUserId } from '../../support/connector';

interface LogEntry {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

/** Just enough of a pino logger to see what the adapter logs. */
function recordingLogger(entries: LogEntry[]): Logger {
  const at =
    (level: string) =>
    (fields: unknown, message?: string): void => {
      if (typeof fields === 'string') entries.push({ level, fields: {}, message: fields });
      else entries.push({ level, fields: fields as Record<string, unknown>, message: message ?? '' });
    };
  return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } as unknown as Logger;
}

function fakeWebResponse() {
  return { socket: {}, status() {}, header() {}, send() {}, end() {} };
}

describe('createCloudAdapter', () => {
  const entries: LogEntry[] = [];
  let sim: ConnectorSimulator;
  let adapter: TeamsAdapter;

  before(async () => {
    sim = await startTestConnector();
    adapter = createCloudAdapter(
      {
        BOT_ID: '',
        BOT_PASSWORD: '',
        BOT_TYPE: 'SingleTenant',
        BOT_TENANT_ID: '',
      },
      recordingLogger(entries),
      {
        requestTimeoutMs: 1_000,
        apology: (locale) => `Sorry, something went wrong (${locale}); contact the IT desk.`,
      },
    );
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    entries.length = 0;
  });

  function incomingMessage(conversationId: string, user: string): Partial<Activity> {
    return {
      type: 'message',
      id: 'incoming-1',
      text: 'status',
      locale: 'da-DK',
      channelId: 'msteams',
      serviceUrl: sim.url,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: '29:user', name: 'User', aadObjectId: user },
      recipient: { id: 'bot', name: 'Bot' },
    };
  }

  it('warns at start that local mode has no authentication', () => {
    const local: LogEntry[] = [];
    createCloudAdapter(
      { BOT_ID: '', BOT_PASSWORD: '', BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: '' },
      recordingLogger(local),
    );
    assert.equal(local[0]?.level, 'warn');
    assert.match(local[0]?.message ?? '', /authentication is off/);
  });

  it('says so only at debug level in the local world (development, a Bot Connector on this machine)', () => {
    const identity = { BOT_ID: '', BOT_PASSWORD: '', BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: '' } as const;
    const local: LogEntry[] = [];
    createCloudAdapter(
      { ...identity, NODE_ENV: 'development', TEAMS_SERVICE_URL: 'http://127.0.0.1:3978/_dev/connector/' },
      recordingLogger(local),
    );
    assert.deepEqual(
      local.map((entry) => entry.level),
      ['debug'],
    );
    // Anything that could be a deployment still warns.
    for (const [NODE_ENV, TEAMS_SERVICE_URL] of [
      ['development', 'https://smba.trafficmanager.net/teams/'],
      ['test', 'http://127.0.0.1:3978/_dev/connector/'],
    ] as const) {
      const logged: LogEntry[] = [];
      createCloudAdapter({ ...identity, NODE_ENV, TEAMS_SERVICE_URL }, recordingLogger(logged));
      assert.equal(logged[0]?.level, 'warn', `${NODE_ENV} ${TEAMS_SERVICE_URL}`);
    }
  });

  it('a failing turn is logged without request details and the user is told', async () => {
    const user = testUserId(1);
    const reference = await openTestConversation(adapter, sim, user);

    await adapter.process(
      { method: 'POST', headers: {}, body: incomingMessage(reference.conversation!.id, user) },
      fakeWebResponse(),
      async () => {
        throw Object.assign(new Error('boom'), {
          statusCode: 500,
          request: { headers: { authorization: 'Bearer x' } },
        });
      },
    );

    const logged = entries.find((entry) => entry.level === 'error');
    assert.deepEqual(logged?.fields.err, {
      name: 'Error',
      message: 'boom',
      statusCode: 500,
      code: undefined,
    });
    assert.equal(logged?.fields.conversationId, reference.conversation!.id);
    assert.doesNotMatch(JSON.stringify(logged), /Bearer/);
    const [apology] = sim.transcript.activitiesFor(user);
    assert.equal(apology?.text, 'Sorry, something went wrong (da-DK); contact the IT desk.');
  });

  it('a reply in a turn that meets a 429 waits as Teams asks and is sent once', async () => {
    const user = testUserId(3);
    const reference = await openTestConversation(adapter, sim, user);
    sim.faults.failNext(429, { retryAfterSeconds: 1 });
    const before = sim.stats.requests;

    await adapter.process(
      { method: 'POST', headers: {}, body: incomingMessage(reference.conversation!.id, user) },
      fakeWebResponse(),
      async (context) => {
        await context.sendActivity('pong');
      },
    );

    assert.equal(sim.stats.requests - before, 2, 'the 429, then the reply');
    assert.deepEqual(
      sim.transcript.activitiesFor(user).map((activity) => activity.text),
      ['pong'],
    );
    assert.equal(entries.filter((entry) => entry.level === 'error').length, 0);
  });

  it('a card update in a turn that meets a 429 is tried again; a 403 is not', async () => {
    const user = testUserId(4);
    const reference = await openTestConversation(adapter, sim, user);
    const posted = await adapter.proactive.send(reference, { type: 'message', text: 'question' });
    sim.faults.failNext(429, { retryAfterSeconds: 1 });

    await adapter.process(
      { method: 'POST', headers: {}, body: incomingMessage(reference.conversation!.id, user) },
      fakeWebResponse(),
      async (context) => {
        await context.updateActivity({ type: 'message', id: posted, text: 'answered' });
      },
    );
    assert.deepEqual(
      sim.transcript.activitiesFor(user).map((activity) => activity.text),
      ['answered'],
    );

    sim.faults.failNext(403);
    const before = sim.stats.requests;
    let failure: unknown;
    await adapter.process(
      { method: 'POST', headers: {}, body: incomingMessage(reference.conversation!.id, user) },
      fakeWebResponse(),
      async (context) => {
        await context.updateActivity({ type: 'message', id: posted, text: 'again' }).catch((error) => {
          failure = error;
        });
      },
    );
    assert.equal((failure as { statusCode?: number })?.statusCode, 403);
    assert.equal(sim.stats.requests - before, 1, 'a 403 is final: one request');
  });

  it('a failed proactive send reaches the caller, not onTurnError (no apology, no extra request)', async () => {
    const user = testUserId(2);
    const reference = await openTestConversation(adapter, sim, user);
    const before = sim.stats.requests;
    sim.faults.failNext(502);

    await assert.rejects(adapter.proactive.send(reference, { text: 'card' }), { statusCode: 502 });

    assert.equal(sim.stats.requests - before, 1);
    assert.equal(entries.filter((entry) => entry.level === 'error').length, 0);
    assert.equal(sim.transcript.activitiesFor(user).length, 0);
  });
});
