import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWave } from '../../../src/app/start-wave';
import { verifyEnforcement } from '../../../src/app/verify-enforcement';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { cardText, eventually, type Stack, startStack } from '../../support/stack';

/** Verify (issue 10): enforced users read back; a lost method or enforcement told to the admins once. */
const CHANNEL = '19:verify0channel@thread.tacv2';
const ENFORCED = SAMPLE_GROUPS.enforcement;
const { adele, alex, isaiah, lidia } = SAMPLE_USERS;

async function pilotWithEnforced(stack: Stack, userIds: readonly string[]): Promise<string> {
  const { deps } = stack.runtime;
  const wave = await startWave(deps, {
    groupId: SAMPLE_GROUPS.pilot,
    name: 'Pilot',
    createdBy: { id: adele, name: 'Adele' },
  });
  await eventually(async () => (await deps.repo.getWave(wave.id))?.status === 'active', 30_000, 'expanded');
  for (const userId of userIds) {
    const applied = await deps.repo.apply(wave.id, userId, { type: 'enforced', override: true }, adele);
    assert.ok(applied.result.ok, `${userId} enforced`);
  }
  return wave.id;
}

const alerts = (stack: Stack) =>
  stack.connector.transcript
    .activitiesIn(CHANNEL)
    .filter((activity) => cardText(activity.attachments).includes('Enforced users need attention'));

describe('Verify: enforced users in the Conditional Access group', () => {
  let stack: Stack;
  let waveId: string;

  before(async () => {
    stack = await startStack({
      env: { ADMIN_CHANNEL_ID: CHANNEL, ENFORCEMENT_GROUP_ID: ENFORCED },
    });
    waveId = await pilotWithEnforced(stack, [adele, alex, isaiah, lidia]);
    for (const userId of [adele, alex, isaiah, lidia]) stack.graph.state.addMember(ENFORCED, userId);
  });
  after(() => stack.close());

  it('finds nothing wrong while everybody is in the group with a method, reading each source once', async () => {
    stack.graph.requests.clear();
    assert.deepEqual(await verifyEnforcement(stack.runtime.deps), { checked: 4, flagged: 0, mended: 0 });
    const paths = stack.graph.requests.entries.map((entry) => entry.path);
    assert.equal(paths.filter((path) => path.includes('userRegistrationDetails')).length, 1);
    assert.equal(paths.filter((path) => path.includes(`/groups/${ENFORCED}/transitiveMembers`)).length, 1);
    const report = stack.graph.requests.entries.find((entry) =>
      entry.path.includes('userRegistrationDetails'),
    );
    assert.match(decodeURIComponent((report?.query ?? '').replaceAll('+', ' ')), /isMfaRegistered eq false/);
    assert.deepEqual(alerts(stack), []);
  });

  it('tells the admins at once who lost every method and who left the group, audited, and only once', async () => {
    stack.graph.state.deletePhone(alex, 'mobile');
    // Isaiah loses his phone but keeps the Authenticator app: still able to sign in.
    stack.graph.state.deletePhone(isaiah, 'mobile');
    stack.graph.state.removeMember(ENFORCED, lidia);

    assert.deepEqual(await verifyEnforcement(stack.runtime.deps), { checked: 4, flagged: 2, mended: 0 });
    const [alert] = alerts(stack);
    assert.ok(alert, 'the alert in the admin channel');
    const text = cardText(alert.attachments);
    assert.match(text, /Enforced users need attention in Pilot/);
    assert.match(text, /Alex Wilber: no sign-in method left/);
    assert.match(text, /Lidia Holloway: no longer in the enforcement group/);
    assert.doesNotMatch(text, /Isaiah|Adele Vance:/);
    assert.doesNotMatch(text, /\+\d/, 'no phone number on the card');

    const trail = await stack.runtime.deps.audit.read({ waveId });
    const flagged = trail
      .filter((entry) => entry.action === 'enforcement-verify-flagged')
      .map((entry) => `${entry.userId}:${entry.detail}`)
      .sort();
    assert.deepEqual(flagged, [`${alex}:lost-methods`, `${lidia}:not-enforced`].sort());

    assert.deepEqual(await verifyEnforcement(stack.runtime.deps), { checked: 4, flagged: 0, mended: 0 });
    assert.equal(alerts(stack).length, 1, 'told once');
  });

  it('tells a loss again only after it was mended and lost anew', async () => {
    stack.graph.state.addMember(ENFORCED, lidia);
    assert.deepEqual(await verifyEnforcement(stack.runtime.deps), { checked: 4, flagged: 0, mended: 1 });
    stack.graph.state.removeMember(ENFORCED, lidia);
    assert.deepEqual(await verifyEnforcement(stack.runtime.deps), { checked: 4, flagged: 1, mended: 0 });
    const latest = alerts(stack).at(-1);
    assert.equal(alerts(stack).length, 2);
    assert.match(cardText(latest?.attachments), /Lidia Holloway/);
    assert.doesNotMatch(cardText(latest?.attachments), /Alex Wilber/);
  });

  it('runs as the sweeps queue job', async () => {
    stack.graph.state.deletePhone(adele, 'mobile');
    const job = await stack.runtime.queues.sweeps.add('verify-enforcement', {});
    await eventually(
      async () => (await job.isCompleted()) || (await job.isFailed()),
      20_000,
      'the verify job',
    );
    assert.equal(await job.isCompleted(), true);
    assert.match(cardText(alerts(stack).at(-1)?.attachments), /Adele Vance: no sign-in method left/);
  });
});

describe('Verify: per-user MFA', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { ADMIN_CHANNEL_ID: CHANNEL, ENFORCEMENT_MODE: 'per-user' } });
    await pilotWithEnforced(stack, [adele, alex]);
    stack.graph.state.setPerUserMfaState(adele, 'enforced');
    stack.graph.state.setPerUserMfaState(alex, 'disabled');
  });
  after(() => stack.close());

  it('reads each user’s state in beta $batch and tells who is no longer enforced', async () => {
    stack.graph.requests.clear();
    assert.deepEqual(await verifyEnforcement(stack.runtime.deps), { checked: 2, flagged: 1, mended: 0 });
    assert.ok(stack.graph.requests.entries.some((entry) => entry.path === '/beta/$batch'));
    const text = cardText(alerts(stack).at(-1)?.attachments);
    assert.match(text, /Alex Wilber: per-user MFA is no longer enforced/);
    assert.doesNotMatch(text, /Adele Vance:/);
  });
});
