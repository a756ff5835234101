import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ChatRequest,
  ClassifiedDeliveryError,
  classifyTeamsError,
  DEFAULT_THROTTLE_MS,
  staleChatIsFinal,
} from '../../../src/teams/delivery-outcome';
import { ConnectorTimeoutError } from '../../../src/teams/single-attempt-connector';

/** A RestError as @azure/core-client throws it: status and code enumerable, response not. */
function restError(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
  const error = Object.assign(new Error('connector said no'), {
    name: 'RestError',
    statusCode: status,
    code,
    details: body,
  });
  const lower = new Map(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  Object.defineProperty(error, 'response', {
    enumerable: false,
    value: { status, headers: { get: (name: string) => lower.get(name.toLowerCase()) }, parsedBody: body },
  });
  return error;
}

const teams = (code: string, message = '') => ({ error: { code, message } });

describe('classifyTeamsError', () => {
  it('429 is throttled for as long as Retry-After says (seconds or date), with a default', () => {
    const now = Date.now();
    assert.deepEqual(classifyTeamsError(restError(429, teams('Throttled'), { 'Retry-After': '3' })), {
      kind: 'throttled',
      retryAfterMs: 3_000,
      code: 'Throttled',
    });
    assert.deepEqual(classifyTeamsError(restError(429, undefined, { 'retry-after': '0.5' })), {
      kind: 'throttled',
      retryAfterMs: 500,
      code: undefined,
    });
    const dated = classifyTeamsError(
      restError(429, undefined, { 'retry-after': new Date(now + 60_000).toUTCString() }),
    );
    assert.ok(dated.kind === 'throttled' && dated.retryAfterMs > 55_000 && dated.retryAfterMs <= 60_000);
    assert.deepEqual(classifyTeamsError(restError(429, teams('Throttled'))), {
      kind: 'throttled',
      retryAfterMs: DEFAULT_THROTTLE_MS,
      code: 'Throttled',
    });
    assert.deepEqual(classifyTeamsError(restError(429, undefined, { 'retry-after': 'soon' })), {
      kind: 'throttled',
      retryAfterMs: DEFAULT_THROTTLE_MS,
      code: undefined,
    });
  });

  const REQUESTS: readonly ChatRequest[] = ['stored-chat', 'new-chat', 'create-chat'];

  it('403 depends on the Teams code, and "not in roster" on the chat it was about', () => {
    const reason = (body: unknown, request?: ChatRequest) => {
      const outcome = classifyTeamsError(restError(403, body), request);
      return outcome.kind === 'final' ? outcome.reason : outcome.kind;
    };
    for (const request of REQUESTS) {
      assert.equal(reason(teams('ConversationBlockedByUser'), request), 'blocked');
      assert.equal(
        reason({ error: { code: 'Forbidden', message: 'x', subCode: 'MessageWritesBlocked' } }, request),
        'blocked',
      );
      assert.equal(reason(teams('BotDisabledByAdmin'), request), 'forbidden');
      assert.equal(reason(undefined, request), 'forbidden');
    }
    // A stored chat the bot was taken out of: a new chat may work (the app installed again).
    assert.equal(reason(teams('BotNotInConversationRoster')), 'stale-chat');
    assert.equal(reason(teams('ForbiddenOperationException'), 'stored-chat'), 'stale-chat');
    // Still not in the roster of a chat just opened, or Teams will not open one: not installed.
    assert.equal(reason(teams('BotNotInConversationRoster'), 'new-chat'), 'not-installed');
    assert.equal(reason(teams('BotNotInConversationRoster'), 'create-chat'), 'not-installed');
    assert.equal(reason(teams('ForbiddenOperationException'), 'create-chat'), 'not-installed');
  });

  it('404 and 410: a stored chat went stale; a new chat is not there yet; createConversation: the user is gone', () => {
    const notFound = restError(404, teams('ConversationNotFound'));
    assert.deepEqual(classifyTeamsError(notFound), {
      kind: 'stale-chat',
      status: 404,
      code: 'ConversationNotFound',
    });
    assert.deepEqual(classifyTeamsError(restError(410), 'stored-chat'), {
      kind: 'stale-chat',
      status: 410,
      code: undefined,
    });
    // Never "user gone" for a chat the bot has just opened.
    assert.deepEqual(classifyTeamsError(notFound, 'new-chat'), {
      kind: 'transient',
      status: 404,
      code: 'ConversationNotFound',
    });
    assert.deepEqual(
      classifyTeamsError(restError(404, teams('NotFound', 'User not found.')), 'create-chat'),
      {
        kind: 'final',
        reason: 'user-gone',
        status: 404,
        code: 'NotFound',
      },
    );
  });

  it('a stale chat that cannot be replaced is final: not-installed', () => {
    assert.deepEqual(staleChatIsFinal({ kind: 'stale-chat', status: 404, code: 'ConversationNotFound' }), {
      kind: 'final',
      reason: 'not-installed',
      status: 404,
      code: 'ConversationNotFound',
    });
  });

  it('an error classified where it happened keeps its meaning', () => {
    const outcome = { kind: 'final', reason: 'user-gone', status: 404, code: 'NotFound' } as const;
    const wrapped = new ClassifiedDeliveryError(outcome, restError(404, teams('NotFound')));
    assert.equal(classifyTeamsError(wrapped), outcome);
    assert.equal(classifyTeamsError(wrapped, 'new-chat'), outcome);
    assert.match(wrapped.message, /final user-gone/);
  });

  it('other 4xx are final bad requests', () => {
    for (const status of [400, 405, 409, 413]) {
      for (const request of REQUESTS) {
        const outcome = classifyTeamsError(restError(status), request);
        assert.equal(outcome.kind === 'final' && outcome.reason, 'bad-request', `${status} ${request}`);
      }
    }
  });

  it('412, 408, 401 and 5xx are transient; a Retry-After on 503 is kept', () => {
    for (const status of [401, 408, 412, 500, 502, 504]) {
      assert.deepEqual(classifyTeamsError(restError(status)), { kind: 'transient', status, code: undefined });
    }
    assert.deepEqual(
      classifyTeamsError(restError(503, teams('ServiceUnavailable'), { 'retry-after': '7' })),
      {
        kind: 'transient',
        status: 503,
        code: 'ServiceUnavailable',
        retryAfterMs: 7_000,
      },
    );
  });

  it('no HTTP answer is transient with status 0', () => {
    const reset = Object.assign(new Error('socket hang up'), { name: 'RestError', code: 'ECONNRESET' });
    const aborted = Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' });
    assert.deepEqual(classifyTeamsError(reset), { kind: 'transient', status: 0, code: 'ECONNRESET' });
    assert.deepEqual(classifyTeamsError(new ConnectorTimeoutError(500)), {
      kind: 'transient',
      status: 0,
      code: 'ETIMEDOUT',
    });
    assert.deepEqual(classifyTeamsError(aborted), { kind: 'transient', status: 0, code: 'ETIMEDOUT' });
    assert.deepEqual(classifyTeamsError(new TypeError('bug')), {
      kind: 'transient',
      status: 0,
      code: undefined,
    });
    assert.deepEqual(classifyTeamsError('weird'), { kind: 'transient', status: 0, code: undefined });
  });
});
