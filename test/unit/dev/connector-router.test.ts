import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorRouter } from '../../../src/dev/connector-router';

describe('the dev connector router while the world starts', () => {
  it('answers 503 with Retry-After until the world’s own Playground is attached', async () => {
    // Nothing listens here: a request that were forwarded would fail differently (502).
    const router = new ConnectorRouter('http://127.0.0.1:9/');
    const answer = await router.route({
      method: 'POST',
      path: '/v3/conversations/a%3A1mfa-rollout-personal-adele/activities',
      body: JSON.stringify({ type: 'message', recipient: { aadObjectId: 'adele' } }),
    });
    assert.equal(answer.status, 503);
    assert.equal(answer.retryAfterSeconds, 1);
    assert.equal(JSON.parse(answer.body).error.code, 'ServiceUnavailable');
    assert.deepEqual(router.stats, {}, 'nothing was sent anywhere');
  });
});
