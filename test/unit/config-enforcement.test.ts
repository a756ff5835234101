import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config';

const GROUP = '9a0e1b2c-1111-4111-8111-000000000005';

describe('enforcement settings', () => {
  it('defaults to the Conditional Access group, a threshold of 50 and the 1 February 2027 retirement', () => {
    const config = loadConfig({});
    assert.equal(config.ENFORCEMENT_MODE, 'ca-group');
    assert.equal(config.ENFORCE_APPROVAL_THRESHOLD, 50);
    assert.equal(config.SMS_VOICE_RETIREMENT_DATE, '2027-02-01');
    assert.equal(config.TELECOM_PROVIDER_DECLARED, false);
    assert.equal(config.BREAK_GLASS_GROUP_ID, '');
  });

  it('refuses per-user MFA while a Conditional Access group is set, and says why', () => {
    assert.throws(
      () => loadConfig({ ENFORCEMENT_MODE: 'per-user', ENFORCEMENT_GROUP_ID: GROUP }),
      /ENFORCEMENT_MODE=per-user is refused while ENFORCEMENT_GROUP_ID is set: Microsoft advises against per-user MFA/,
    );
    assert.equal(loadConfig({ ENFORCEMENT_MODE: 'per-user' }).ENFORCEMENT_MODE, 'per-user');
  });

  it('names a wrong mode, date or group id', () => {
    assert.throws(() => loadConfig({ ENFORCEMENT_MODE: 'conditional' }), /ENFORCEMENT_MODE/);
    assert.throws(() => loadConfig({ SMS_VOICE_RETIREMENT_DATE: '1 Feb 2027' }), /SMS_VOICE_RETIREMENT_DATE/);
    assert.throws(
      () => loadConfig({ BREAK_GLASS_GROUP_ID: 'safe' }),
      /BREAK_GLASS_GROUP_ID: expected a GUID/,
    );
    assert.equal(loadConfig({ TELECOM_PROVIDER_DECLARED: 'true' }).TELECOM_PROVIDER_DECLARED, true);
  });
});
