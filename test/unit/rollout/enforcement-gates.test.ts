import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideEnforcement,
  type EnforcementFacts,
  isEnforcementCandidate,
  needsSecondAdmin,
  smsVoiceRetired,
} from '../../../src/rollout/enforcement-gates';

const before = new Date('2027-01-31T23:59:59Z');
const after = new Date('2027-02-01T00:00:00Z');
const policy = { retirementDate: '2027-02-01', telecomProviderDeclared: false };
const override = {
  by: { id: 'a1', name: 'Adele' },
  reason: 'TAP handed out at the desk',
  at: before.toISOString(),
};

function facts(patch: Partial<EnforcementFacts> = {}): EnforcementFacts {
  return {
    status: 'ready',
    strongMethod: false,
    excludedByConfig: false,
    breakGlass: false,
    account: 'enabled',
    inWaveSource: true,
    phoneOnAccount: true,
    ...patch,
  };
}

describe('enforcement gates', () => {
  it('lets a ready user with a confirmed phone through before the retirement date', () => {
    assert.deepEqual(decideEnforcement(facts(), policy, before), { enforce: true, override: false });
  });

  it('holds a phone-only user from the retirement date on: needs Authenticator or a passkey', () => {
    assert.deepEqual(decideEnforcement(facts(), policy, after), {
      enforce: false,
      gate: 'needs-strong-method',
    });
    assert.deepEqual(decideEnforcement(facts({ strongMethod: true }), policy, after), {
      enforce: true,
      override: false,
    });
  });

  it('keeps phone-only usable after the date when the tenant declared its own telecom provider', () => {
    const own = { ...policy, telecomProviderDeclared: true };
    assert.equal(smsVoiceRetired(own, after), false);
    assert.deepEqual(decideEnforcement(facts(), own, after), { enforce: true, override: false });
  });

  it('holds a user without a usable method unless an admin overrides with a reason', () => {
    assert.deepEqual(decideEnforcement(facts({ phoneOnAccount: false }), policy, before), {
      enforce: false,
      gate: 'no-usable-method',
    });
    assert.deepEqual(decideEnforcement(facts({ status: 'notified' }), policy, before), {
      enforce: false,
      gate: 'no-usable-method',
    });
    assert.deepEqual(decideEnforcement(facts({ status: 'notified', override }), policy, before), {
      enforce: true,
      override: true,
    });
  });

  it('never enforces excluded or break-glass accounts, override or not', () => {
    for (const patch of [{ excludedByConfig: true }, { status: 'excluded' as const }]) {
      assert.deepEqual(decideEnforcement(facts({ ...patch, override }), policy, before), {
        enforce: false,
        gate: 'excluded',
      });
    }
    assert.deepEqual(
      decideEnforcement(facts({ breakGlass: true, override, strongMethod: true }), policy, before),
      {
        enforce: false,
        gate: 'break-glass',
      },
    );
  });

  it('holds disabled, deleted and departed users, and users Graph could not answer for', () => {
    const gate = (patch: Partial<EnforcementFacts>) => {
      const decision = decideEnforcement(facts({ ...patch, override }), policy, before);
      return decision.enforce ? 'enforce' : decision.gate;
    };
    assert.equal(gate({ account: 'disabled' }), 'account-disabled');
    assert.equal(gate({ account: 'deleted' }), 'account-deleted');
    assert.equal(gate({ inWaveSource: false }), 'left-wave-group');
    assert.equal(gate({ account: 'unknown' }), 'unverified');
    assert.equal(gate({ phoneOnAccount: 'unknown' }), 'unverified');
  });

  it('asks for a second admin above the threshold only', () => {
    assert.equal(needsSecondAdmin(50, 50), false);
    assert.equal(needsSecondAdmin(51, 50), true);
  });

  it('looks at ready users, and at others only with an override (never enforced or excluded ones)', () => {
    assert.equal(isEnforcementCandidate('ready', false), true);
    assert.equal(isEnforcementCandidate('notified', false), false);
    assert.equal(isEnforcementCandidate('notified', true), true);
    assert.equal(isEnforcementCandidate('enforced', true), false);
    assert.equal(isEnforcementCandidate('excluded', true), false);
  });
});
