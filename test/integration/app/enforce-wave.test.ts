import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { approveEnforcement, confirmEnforcement } from '../../../src/app/confirm-enforcement';
import { previewEnforcement } from '../../../src/app/preview-enforcement';
import { SAMPLE_GROUPS } from '../../../src/dev/graph-sim';
import type { EnforcementPlan } from '../../../src/rollout/enforcement-plan';
import { seedWave } from '../../support/enforcement';
import { eventually, type Stack, startStack } from '../../support/stack';

const id = (n: number) => `0b4c2a1e-3d5f-4a60-8b71-0000000000${String(n).padStart(2, '0')}`;
const ADELE = { id: id(1), name: 'Adele Vance' };
const MEGAN = { id: id(6), name: 'Megan Bowen' };
const ALEX = { id: id(2), name: 'Alex Wilber' };
const BREAK_GLASS_GROUP = '9a0e1b2c-1111-4111-8111-0000000000bb';
const ENFORCED = SAMPLE_GROUPS.enforcement;

async function finished(stack: Stack, planId: string): Promise<EnforcementPlan> {
  return eventually(
    async () => {
      const plan = await stack.runtime.deps.enforcement.get(planId);
      return plan?.status === 'done' && plan;
    },
    20_000,
    `plan ${planId} done`,
  );
}

describe('enforcement: preview, gates, confirm, the job (mode ca-group)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      env: {
        ENFORCEMENT_GROUP_ID: ENFORCED,
        BREAK_GLASS_GROUP_ID: BREAK_GLASS_GROUP,
        EXCLUDED_USER_IDS: id(13),
        ENFORCE_APPROVAL_THRESHOLD: '3',
      },
    });
    stack.graph.state.addGroup({ id: BREAK_GLASS_GROUP, displayName: 'Break glass', members: [id(6)] });
  });
  after(() => stack.close());

  it('holds back every gated user with the gate, enforces the others, an existing member included', async () => {
    const { deps } = stack.runtime;
    await seedWave(stack, 'w-gates', {
      groupId: SAMPLE_GROUPS.allStaff,
      phoneReady: [id(1), id(2), id(5), id(6), id(8), id(9), id(10), id(13)],
      strongReady: [id(4)],
      noPhone: [id(3)],
    });
    // Alex is in the CA group already; Lidia's phone is gone; Mette is disabled; Søren left the
    // wave's group; Freja was deleted. Diego has no number: only an override lets him through.
    stack.graph.state.addMember(ENFORCED, id(2));
    stack.graph.state.deletePhone(id(5), 'mobile');
    stack.graph.state.findUser(id(8))!.accountEnabled = false;
    stack.graph.state.removeMember(SAMPLE_GROUPS.allStaff, id(9));
    stack.graph.state.removeUser(id(10));
    await deps.enforcement.saveOverride('w-gates', id(3), {
      by: ADELE,
      reason: 'TAP handed out at the desk',
      at: new Date().toISOString(),
    });

    const preview = await previewEnforcement(deps, 'w-gates', ADELE);
    assert.ok(preview.ok);
    const { plan } = preview;
    assert.deepEqual(plan.toEnforce.map((user) => user.userId).sort(), [id(1), id(2), id(3), id(4)]);
    assert.equal(plan.toEnforce.find((user) => user.userId === id(3))?.override, true);
    const gates = Object.fromEntries(plan.held.map((user) => [user.userId, user.gate]));
    assert.deepEqual(gates, {
      [id(5)]: 'no-usable-method',
      [id(6)]: 'break-glass',
      [id(8)]: 'account-disabled',
      [id(9)]: 'left-wave-group',
      [id(10)]: 'account-deleted',
      [id(13)]: 'excluded',
    });
    assert.equal(plan.needsSecondAdmin, true, '4 users > threshold 3');
    const held = (await deps.audit.read({ waveId: 'w-gates' })).filter((e) => e.action === 'enforce-held');
    assert.equal(held.length, 6, 'every held user is audited');

    // Four eyes: the requester confirms, then cannot approve; a non-admin cannot; a second admin can.
    assert.deepEqual(await confirmEnforcement(deps, plan.id, ADELE), { status: 'awaiting-second-admin' });
    assert.deepEqual(await approveEnforcement(deps, plan.id, ADELE), {
      status: 'refused',
      reason: 'same-admin',
    });
    assert.deepEqual(await approveEnforcement(deps, plan.id, ALEX), {
      status: 'refused',
      reason: 'not-admin',
    });
    // The job reads the CA group before its first write (Alex is in it); Isaiah is added in the portal
    // only after that read, so the bulk PATCH meets a member it did not expect.
    await deps.enforcement.addToSnapshot(plan.id, [id(2)]);
    await deps.enforcement.finishSnapshot(plan.id);
    stack.graph.state.addMember(ENFORCED, id(4));
    stack.graph.requests.clear();
    assert.deepEqual(await approveEnforcement(deps, plan.id, MEGAN), { status: 'started' });
    assert.deepEqual(await approveEnforcement(deps, plan.id, MEGAN), {
      status: 'refused',
      reason: 'already-started',
    });

    const done = await finished(stack, plan.id);
    assert.deepEqual(done.results, { enforced: 3, alreadyEnforced: 1, reportOnly: 0, failed: 0, changed: 0 });
    assert.equal(done.approvedBy?.id, MEGAN.id);
    for (const n of [1, 2, 3, 4]) {
      assert.equal((await deps.repo.getUser('w-gates', id(n)))?.status, 'enforced', `user ${n}`);
      assert.ok(stack.graph.state.isDirectMember(ENFORCED, id(n)), `user ${n} in the CA group`);
    }
    for (const n of [5, 6, 8, 9, 13]) {
      assert.equal((await deps.repo.getUser('w-gates', id(n)))?.status, 'ready', `user ${n} held`);
      assert.equal(stack.graph.state.isDirectMember(ENFORCED, id(n)), false);
    }
    // The bulk PATCH met Isaiah, failed as a whole (all or nothing), and the chunk went one by one.
    const log = stack.graph.requests;
    assert.equal(log.matching(new RegExp(`/groups/${ENFORCED}$`), 400).length, 1);
    assert.ok(log.matching(new RegExp(`/groups/${ENFORCED}/members/\\$ref$`)).length >= 3);
    const audit = await deps.audit.read({ waveId: 'w-gates' });
    assert.equal(audit.filter((e) => e.action === 'enforced').length, 4);
    assert.ok(
      audit.some((e) => e.action === 'enforced' && e.userId === id(3) && e.detail === 'admin override'),
    );
  });

  it('answers an unknown plan, an unknown wave and a wave with nobody ready', async () => {
    const { deps } = stack.runtime;
    assert.deepEqual(await confirmEnforcement(deps, 'ep-nothing', ADELE), {
      status: 'refused',
      reason: 'not-found',
    });
    assert.deepEqual(await previewEnforcement(deps, 'no-such-wave', ADELE), {
      ok: false,
      reason: 'unknown-wave',
    });
    await seedWave(stack, 'w-none', { groupId: SAMPLE_GROUPS.pilot, noPhone: [id(7)] });
    assert.deepEqual(await previewEnforcement(deps, 'w-none', ADELE), { ok: false, reason: 'nothing-ready' });
  });
});
