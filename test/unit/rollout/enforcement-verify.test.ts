import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  enforcementReadBack,
  hasNoUsableMethod,
  verifyLosses,
} from '../../../src/rollout/enforcement-verify';

const GROUP = '9a0e1b2c-1111-4111-8111-000000000005';

describe('Verify: what an enforced user has lost', () => {
  it('reads the CA group back, per-user state back, or nothing for a rehearsal or no group', () => {
    assert.deepEqual(enforcementReadBack('ca-group', GROUP), { kind: 'group', groupId: GROUP });
    assert.deepEqual(enforcementReadBack('conditional-access', GROUP), { kind: 'group', groupId: GROUP });
    assert.deepEqual(enforcementReadBack('per-user', ''), { kind: 'per-user' });
    assert.deepEqual(enforcementReadBack('report-only', GROUP), { kind: 'none' });
    assert.deepEqual(enforcementReadBack('ca-group', ''), { kind: 'none' });
  });

  it('counts any phone or a strong method as a way to sign in, and nothing else', () => {
    assert.equal(hasNoUsableMethod([]), true);
    assert.equal(hasNoUsableMethod(['email', 'securityQuestion']), true);
    assert.equal(hasNoUsableMethod(['officePhone']), false);
    assert.equal(hasNoUsableMethod(['alternateMobilePhone']), false);
    assert.equal(hasNoUsableMethod(['microsoftAuthenticatorPush']), false);
    assert.equal(hasNoUsableMethod(['passKeyDeviceBound']), false);
  });

  it('names each loss, and none when the facts are unknown', () => {
    assert.deepEqual(verifyLosses({ methodsRegistered: ['email'], stillEnforced: false }), [
      'lost-methods',
      'not-enforced',
    ]);
    assert.deepEqual(verifyLosses({ methodsRegistered: undefined, stillEnforced: true }), []);
    assert.deepEqual(verifyLosses({ methodsRegistered: ['mobilePhone'], stillEnforced: undefined }), []);
    assert.deepEqual(verifyLosses({ methodsRegistered: undefined, stillEnforced: false }), ['not-enforced']);
  });
});
