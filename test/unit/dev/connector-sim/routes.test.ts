import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchRoute } from '../../../../src/dev/connector-sim/routes';

describe('matchRoute', () => {
  it('maps the Bot Connector operations', () => {
    const conversation = encodeURIComponent('a:1abc');
    const cases: [string, string, string | undefined][] = [
      ['POST', '/v3/conversations', 'createConversation'],
      ['POST', `/v3/conversations/${conversation}/activities`, 'sendToConversation'],
      ['POST', `/v3/conversations/${conversation}/activities/17`, 'replyToActivity'],
      ['PUT', `/v3/conversations/${conversation}/activities/17`, 'updateActivity'],
      ['DELETE', `/v3/conversations/${conversation}/activities/17`, 'deleteActivity'],
      ['GET', `/v3/conversations/${conversation}/members`, 'getMembers'],
      ['GET', `/v3/conversations/${conversation}/pagedmembers`, 'getMembers'],
      ['GET', `/v3/conversations/${conversation}/members/29%3A1x`, 'getMember'],
      ['GET', '/v3/conversations', undefined],
      ['PUT', `/v3/conversations/${conversation}/activities`, undefined],
      ['POST', `/v3/conversations/${conversation}/activities/17/extra`, undefined],
      ['GET', '/healthz', undefined],
    ];
    for (const [method, path, operation] of cases) {
      assert.equal(matchRoute(method, path)?.operation, operation, `${method} ${path}`);
    }
  });

  it('decodes ids and ignores a serviceUrl path prefix', () => {
    const route = matchRoute('PUT', '/teams/v3/conversations/a%3A1abc/activities/1700000000001');
    assert.deepEqual(route, {
      operation: 'updateActivity',
      conversationId: 'a:1abc',
      activityId: '1700000000001',
      memberId: undefined,
      paged: false,
    });
    assert.equal(matchRoute('GET', '/v3/conversations/a%3A1abc/members/29%3A1x')?.memberId, '29:1x');
    assert.equal(matchRoute('POST', '/v3/conversations/%E0%A4%A/activities'), undefined);
  });
});
