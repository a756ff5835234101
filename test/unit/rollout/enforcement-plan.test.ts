import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideApprove,
  decideConfirm,
  type EnforcementPlan,
  effectiveStatus,
} from '../../../src/rollout/enforcement-plan';

const now = new Date('2026-12-07T12:00:00Z');
const adele = { id: 'A', name: 'Adele' };
const megan = { id: 'm', name: 'Megan' };

function plan(patch: Partial<EnforcementPlan> = {}): EnforcementPlan {
  return {
    id: 'ep1',
    waveId: 'w1',
    mode: 'ca-group',
    toEnforce: [],
    held: [],
    needsSecondAdmin: false,
    requestedBy: adele,
    status: 'previewed',
    createdAt: '2026-12-07T11:00:00Z',
    expiresAt: '2026-12-08T11:00:00Z',
    ...patch,
  };
}

describe('enforcement plan: confirm and four eyes', () => {
  it('starts at once under the threshold, waits for a second admin above it', () => {
    assert.deepEqual(decideConfirm(plan(), now), { next: 'running' });
    assert.deepEqual(decideConfirm(plan({ needsSecondAdmin: true }), now), { next: 'awaiting-approval' });
  });

  it('refuses a plan that expired, and one already started', () => {
    const old = plan({ expiresAt: '2026-12-07T12:00:00Z' });
    assert.equal(effectiveStatus(old, now), 'expired');
    assert.deepEqual(decideConfirm(old, now), { refused: 'expired' });
    assert.deepEqual(decideConfirm(plan({ status: 'running' }), now), { refused: 'already-started' });
    assert.deepEqual(decideApprove(plan({ status: 'done' }), megan, now), { refused: 'already-started' });
  });

  it('lets only another admin approve (ids compared without case)', () => {
    const waiting = plan({ status: 'awaiting-approval', needsSecondAdmin: true, confirmedBy: adele });
    assert.deepEqual(decideApprove(waiting, { id: 'a', name: 'Adele again' }, now), {
      refused: 'same-admin',
    });
    assert.deepEqual(decideApprove(waiting, megan, now), { next: 'running' });
    assert.deepEqual(decideApprove(plan({ needsSecondAdmin: true }), megan, now), { refused: 'not-found' });
  });
});
