import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gateText } from '../../../src/cards/enforcement-gate-text';
import { ENFORCEMENT_GATES } from '../../../src/rollout/enforcement-gates';
import { newWaveUser, USER_STATUSES } from '../../../src/rollout/user-state';
import {
  DIGEST_ATTENTION_STATUSES,
  type NamedUsers,
  type WaveDigest,
  withSmsRetirement,
} from '../../../src/rollout/wave-digest';

const none: NamedUsers = { users: [], total: 0 };
const phoneOnly: NamedUsers = {
  users: [newWaveUser('w', { id: 'u1', userPrincipalName: 'u1@x', displayName: 'U One' }, new Date())],
  total: 3,
};

function digest(): WaveDigest {
  return {
    counts: Object.fromEntries(USER_STATUSES.map((status) => [status, 0])) as WaveDigest['counts'],
    ready: { strong: { users: [], total: 2 }, 'phone-only': phoneOnly },
    attention: Object.fromEntries(DIGEST_ATTENTION_STATUSES.map((s) => [s, none])) as WaveDigest['attention'],
    awaitingApproval: none,
  };
}

describe('the digest and the SMS/voice retirement', () => {
  it('before the date, phone-only users are enforceable', () => {
    const before = withSmsRetirement(digest(), false);
    assert.equal(before.enforceable, 5);
    assert.equal(before.needsStrongMethod?.total, 0);
  });

  it('after it, they need Authenticator or a passkey and are not enforceable', () => {
    const after = withSmsRetirement(digest(), true);
    assert.equal(after.enforceable, 2);
    assert.equal(after.needsStrongMethod?.total, 3);
    assert.equal(after.needsStrongMethod?.users[0]?.userId, 'u1');
  });

  it('names every gate in every language', () => {
    for (const locale of ['en', 'da', 'de', 'es', 'fr']) {
      const texts = ENFORCEMENT_GATES.map((gate) => gateText(locale, gate));
      assert.equal(new Set(texts).size, ENFORCEMENT_GATES.length, locale);
    }
    assert.equal(gateText('en', 'needs-strong-method').startsWith('Needs Authenticator or passkey'), true);
  });
});
