import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { approveEnforcement, confirmEnforcement } from '../../../src/app/confirm-enforcement';
import { overrideEnforcementGate } from '../../../src/app/override-enforcement-gate';
import { previewEnforcement } from '../../../src/app/preview-enforcement';
import { undoEnforcement } from '../../../src/app/undo-enforcement';
import { loadConfig } from '../../../src/config';
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
    assert.deepEqual(
      await overrideEnforcementGate(deps, 'w-gates', id(3), ADELE, 'TAP handed out at the desk'),
      {
        ok: true,
      },
    );
    // Never for break-glass or excluded accounts, and never without a reason.
    for (const n of [6, 13]) {
      assert.deepEqual(await overrideEnforcementGate(deps, 'w-gates', id(n), ADELE, 'please'), {
        ok: false,
        reason: 'never-enforced',
      });
    }
    assert.deepEqual(await overrideEnforcementGate(deps, 'w-gates', id(5), ADELE, '  '), {
      ok: false,
      reason: 'no-reason',
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
    assert.equal(done.groupId, ENFORCED, 'the plan keeps the group it was previewed for');
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

    // Undo one user, then the wave: only what the bot added leaves the group, states go back.
    assert.deepEqual(await undoEnforcement(deps, 'w-gates', MEGAN, { userId: id(1) }), {
      ok: true,
      counts: { restored: 1, unrecorded: 0, failed: 0 },
    });
    assert.equal(stack.graph.state.isDirectMember(ENFORCED, id(1)), false);
    assert.equal(stack.graph.state.isDirectMember(ENFORCED, id(3)), true);
    assert.deepEqual(await undoEnforcement(deps, 'w-gates', MEGAN), {
      ok: true,
      counts: { restored: 3, unrecorded: 0, failed: 0 },
    });
    assert.equal(stack.graph.state.isDirectMember(ENFORCED, id(2)), true, 'Alex was a member before: stays');
    assert.equal(stack.graph.state.isDirectMember(ENFORCED, id(3)), false);
    const statuses = [];
    for (const n of [1, 2, 3, 4]) statuses.push((await deps.repo.getUser('w-gates', id(n)))?.status);
    assert.deepEqual(statuses, ['ready', 'ready', 'no-phone', 'ready']);
    assert.equal(
      (await deps.enforcement.overrides('w-gates', [id(3)])).size,
      0,
      'the override went with the undo',
    );
    assert.deepEqual(await undoEnforcement(deps, 'w-gates', MEGAN, { userId: id(1) }), {
      ok: false,
      reason: 'not-enforced',
    });
    const undone = (await deps.audit.read({ waveId: 'w-gates' })).filter(
      (e) => e.action === 'enforcement-undone',
    );
    assert.equal(undone.length, 4, 'every undo audited per user');
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

describe('enforcement in mode per-user', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { ENFORCEMENT_MODE: 'per-user' } });
  });
  after(() => stack.close());

  it("sets perUserMfaState to enforced, and undo puts back each user's earlier state", async () => {
    const { deps } = stack.runtime;
    const GRADY = id(41);
    assert.equal(stack.graph.state.perUserMfaState(GRADY), 'enabled');
    await seedWave(stack, 'w-per-user', { groupId: SAMPLE_GROUPS.allStaff, phoneReady: [id(1), GRADY] });
    const preview = await previewEnforcement(deps, 'w-per-user', ADELE);
    assert.ok(preview.ok);
    assert.equal(preview.plan.mode, 'per-user');
    assert.deepEqual(await confirmEnforcement(deps, preview.plan.id, ADELE), { status: 'started' });
    const done = await finished(stack, preview.plan.id);
    assert.equal(done.results?.enforced, 2);
    assert.equal(stack.graph.state.perUserMfaState(id(1)), 'enforced');
    assert.equal(stack.graph.state.perUserMfaState(GRADY), 'enforced');

    assert.deepEqual(await undoEnforcement(deps, 'w-per-user', ADELE, { userId: GRADY }), {
      ok: true,
      counts: { restored: 1, unrecorded: 0, failed: 0 },
    });
    assert.equal(stack.graph.state.perUserMfaState(GRADY), 'enabled');
    assert.equal(stack.graph.state.perUserMfaState(id(1)), 'enforced');
    await undoEnforcement(deps, 'w-per-user', ADELE);
    assert.equal(stack.graph.state.perUserMfaState(id(1)), 'disabled');
    assert.equal((await deps.repo.getUser('w-per-user', GRADY))?.status, 'ready');
  });

  it('is refused at start while a Conditional Access group is set', () => {
    // The settings every process (bot, worker, CLI) loads before it builds anything.
    assert.throws(
      () => loadConfig({ ...process.env, ENFORCEMENT_MODE: 'per-user', ENFORCEMENT_GROUP_ID: ENFORCED }),
      /per-user is refused while ENFORCEMENT_GROUP_ID is set/,
    );
  });
});

describe('enforcement after the SMS/voice retirement date, in mode report-only', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      env: { ENFORCEMENT_MODE: 'report-only', SMS_VOICE_RETIREMENT_DATE: '2026-12-01' },
    });
  });
  after(() => stack.close());

  it('holds phone-only users (needs Authenticator or a passkey) and writes nothing', async () => {
    const { deps } = stack.runtime;
    await seedWave(stack, 'w-retired', {
      groupId: SAMPLE_GROUPS.pilot,
      phoneReady: [id(1)],
      strongReady: [id(4)],
    });
    const preview = await previewEnforcement(deps, 'w-retired', ADELE);
    assert.ok(preview.ok);
    assert.deepEqual(
      preview.plan.held.map((user) => [user.userId, user.gate]),
      [[id(1), 'needs-strong-method']],
    );
    assert.deepEqual(
      preview.plan.toEnforce.map((user) => user.userId),
      [id(4)],
    );
    stack.graph.requests.clear();
    assert.deepEqual(await confirmEnforcement(deps, preview.plan.id, ADELE), { status: 'started' });
    const done = await finished(stack, preview.plan.id);
    assert.deepEqual(done.results, { enforced: 0, alreadyEnforced: 0, reportOnly: 1, failed: 0, changed: 0 });
    assert.equal(
      (await deps.repo.getUser('w-retired', id(4)))?.status,
      'ready',
      'report-only changes no state',
    );
    assert.equal(
      stack.graph.requests.entries.filter(
        // Reads that Graph asks for by POST (the admin check) are not writes.
        (r) => r.method !== 'GET' && !r.path.endsWith('$batch') && !r.path.endsWith('checkMemberGroups'),
      ).length,
      0,
      'no write reached Graph',
    );
  });
  it('holds a user Graph could not answer for this time (unverified), rather than guessing', async () => {
    const { deps } = stack.runtime;
    await seedWave(stack, 'w-unverified', { groupId: SAMPLE_GROUPS.pilot, strongReady: [id(7)] });
    stack.graph.faults.inject({ method: 'GET', path: new RegExp(`/users/${id(7)}$`), status: 500 });
    const preview = await previewEnforcement(deps, 'w-unverified', ADELE);
    assert.ok(preview.ok);
    assert.deepEqual(
      preview.plan.held.map((user) => [user.userId, user.gate]),
      [[id(7), 'unverified']],
    );
    assert.equal(preview.plan.toEnforce.length, 0);
  });
});
