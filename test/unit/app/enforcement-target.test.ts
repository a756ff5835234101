import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enforcementMisconfiguration } from '../../../src/app/enforcement-target';

describe('whether the settings let the bot enforce', () => {
  it('needs the CA group in mode ca-group, and no CA group in mode per-user', () => {
    const group = '9a0e1b2c-1111-4111-8111-000000000005';
    assert.match(
      enforcementMisconfiguration({ ENFORCEMENT_MODE: 'ca-group', ENFORCEMENT_GROUP_ID: '' }) ?? '',
      /ENFORCEMENT_GROUP_ID is not set/,
    );
    assert.equal(
      enforcementMisconfiguration({ ENFORCEMENT_MODE: 'ca-group', ENFORCEMENT_GROUP_ID: group }),
      undefined,
    );
    assert.match(
      enforcementMisconfiguration({ ENFORCEMENT_MODE: 'per-user', ENFORCEMENT_GROUP_ID: group }) ?? '',
      /per-user MFA is refused/,
    );
    assert.equal(
      enforcementMisconfiguration({ ENFORCEMENT_MODE: 'report-only', ENFORCEMENT_GROUP_ID: '' }),
      undefined,
    );
  });
});
