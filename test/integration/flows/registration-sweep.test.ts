import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWave } from '../../../src/app/start-wave';
import { sweepRegistrations } from '../../../src/app/sweep-registrations';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { cardActions, cardText, eventually, type Stack, startStack } from '../../support/stack';

describe('registration sweep: users who set up Authenticator or a passkey become ready', () => {
  let stack: Stack;
  let waveId: string;
  const diego = SAMPLE_USERS.diego;

  before(async () => {
    stack = await startStack({ env: { ADMIN_USER_IDS: SAMPLE_USERS.adele } });
    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      name: 'Pilot',
      createdBy: { id: SAMPLE_USERS.adele, name: 'Adele' },
    });
    waveId = wave.id;
    await eventually(
      async () => (await stack.runtime.deps.repo.getWave(waveId))?.status === 'active',
      30_000,
      'expanded',
    );
    await eventually(
      async () => (await stack.runtime.deps.repo.countByStatus(waveId)).targeted === 0,
      30_000,
      'cards sent',
    );
  });
  after(() => stack.close());

  it('moves a user who already had Authenticator, and nobody who has only a phone', async () => {
    const moved = await sweepRegistrations(stack.runtime.deps);
    const isaiah = await stack.runtime.deps.repo.getUser(waveId, SAMPLE_USERS.isaiah);
    assert.equal(isaiah?.status, 'ready');
    assert.equal(isaiah?.strongMethod, true);
    assert.equal((await stack.runtime.deps.repo.getUser(waveId, SAMPLE_USERS.alex))?.status, 'notified');
    assert.equal(moved, (await stack.runtime.deps.repo.countByStatus(waveId)).ready);
  });

  it('moves a no-phone user once they register the Authenticator app, and thanks them in place of the card', async () => {
    assert.equal((await stack.runtime.deps.repo.getUser(waveId, diego))?.status, 'no-phone');
    assert.equal(await sweepRegistrations(stack.runtime.deps), 0, 'nothing changed, nothing moves');
    stack.graph.state.setRegisteredMethods(diego, ['microsoftAuthenticatorPush']);
    assert.equal(await sweepRegistrations(stack.runtime.deps), 1);
    const record = await stack.runtime.deps.repo.getUser(waveId, diego);
    assert.equal(record?.status, 'ready');
    // The awareness card is replaced by the thank-you (Diego reads Spanish), so its buttons are gone.
    const card = await eventually(
      () =>
        stack.connector.transcript
          .activitiesFor(diego)
          .find((a) => a.activityId === record?.activityId && a.updateCount > 0),
      10_000,
      'thank-you replaces the card',
    );
    assert.match(cardText(card.attachments), /Gracias/);
    assert.deepEqual(cardActions(card.attachments), []);
    // Reminders stop.
    const pending = (await stack.runtime.queues.outreach.getDelayed()).filter((j) => j.data.userId === diego);
    assert.deepEqual(pending, []);
    const trail = (await stack.runtime.deps.audit.read({ waveId, userId: diego })).map(
      (e) => `${e.action}:${e.actor}`,
    );
    assert.ok(trail.includes('strong-method-registered:registration-sweep'));
  });

  it('notes Authenticator for a user already ready on the phone alone: no longer phone-only', async () => {
    const { deps } = stack.runtime;
    const alex = SAMPLE_USERS.alex;
    // Alex confirms the number on the card, and is ready on the phone alone.
    await deps.repo.apply(waveId, alex, { type: 'phone-confirmed' }, alex);
    await deps.repo.apply(waveId, alex, { type: 'marked-ready', strongMethod: false }, 'bot');
    assert.ok((await deps.repo.readyUserIds(waveId, 'phone-only')).includes(alex));
    stack.graph.state.setRegisteredMethods(alex, ['microsoftAuthenticatorPush']);

    assert.equal(await sweepRegistrations(deps), 1);
    const record = await deps.repo.getUser(waveId, alex);
    assert.deepEqual([record?.status, record?.strongMethod], ['ready', true]);
    assert.ok(
      !(await deps.repo.readyUserIds(waveId, 'phone-only')).includes(alex),
      'not phone-only any more',
    );
    assert.ok((await deps.repo.readyUserIds(waveId, 'strong')).includes(alex));
    assert.equal(await sweepRegistrations(deps), 0, 'noted once');
  });

  it('reads the report as one filtered, paged list, not one call per user', async () => {
    stack.graph.requests.clear();
    await sweepRegistrations(stack.runtime.deps);
    const reads = stack.graph.requests.entries.filter((e) => e.path.includes('userRegistrationDetails'));
    assert.equal(reads.length, 1);
    assert.match(decodeURIComponent((reads[0]!.query ?? '').replaceAll('+', ' ')), /isMfaRegistered eq true/);
  });
});
