import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { ConnectorPipelineError, makeSingleAttempt } from '../../../src/teams/single-attempt-connector';

function policyNames(client: ConnectorClient): string[] {
  const pipeline = (
    client as unknown as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }
  ).client.pipeline;
  return pipeline.getOrderedPolicies().map((policy) => policy.name);
}

describe('makeSingleAttempt', () => {
  const fresh = () =>
    new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: 'http://127.0.0.1:9/' });

  it('finds the SDK retry policy where it expects it (guards the assumption of this module)', () => {
    assert.ok(policyNames(fresh()).includes('defaultRetryPolicy'));
  });

  it('removes every retry policy and adds the deadline, once', () => {
    const client = makeSingleAttempt(makeSingleAttempt(fresh(), { requestTimeoutMs: 1_000 }), {
      requestTimeoutMs: 5,
    });
    const names = policyNames(client);
    assert.deepEqual(
      names.filter((name) => /retry/i.test(name)),
      [],
    );
    assert.equal(names.filter((name) => name === 'mfaRolloutRequestDeadline').length, 1);
  });

  it('fails loudly when the client is not built the way it expects', () => {
    assert.throws(
      () => makeSingleAttempt({} as ConnectorClient, { requestTimeoutMs: 1_000 }),
      ConnectorPipelineError,
    );
  });
});
