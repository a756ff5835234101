import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from 'bullmq';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { MAX_SNOOZES } from '../../../src/queue/awareness-delivery';
import { snoozeUser } from '../../../src/queue/reminders';
import { startWave } from '../../../src/queue/wave-plan';
import { cardActions, cardClick, cardText, eventually, type Stack, startStack } from '../../support/stack';

/**
 * Reminders are delayed BullMQ jobs measured in days; the tests fire them with job.promote(), which
 * is what BullMQ itself does when the delay runs out.
 */
async function delayedJobs(stack: Stack, userId: string): Promise<Job[]> {
  const jobs = await stack.runtime.deps.queues.outreach.getDelayed();
  return jobs.filter((job) => job.data.userId === userId);
}

/** Messages the bot sent to the user (cards in the user's own language, so matched by verbs and count). */
function cardsOf(stack: Stack, userId: string) {
  return stack.connector.transcript.activitiesFor(userId).filter((a) => a.type === 'message');
}

describe('reminders, snooze and escalation', () => {
  let stack: Stack;
  let waveId: string;
  const alex = SAMPLE_USERS.alex;
  const lidia = SAMPLE_USERS.lidia;
  /** Megan Bowen, a pilot user whose manager in the sample tenant is Adele Vance. */
  const megan = '0b4c2a1e-3d5f-4a60-8b71-000000000006';

  before(async () => {
    stack = await startStack({ env: { ESCALATE_TO_MANAGER: 'true' } });
    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      name: 'Pilot',
      createdBy: { id: 'cli', name: 'cli' },
      deadlineDays: 14,
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

  it('schedules three reminders and an escalation for each notified user', async () => {
    const jobs = await delayedJobs(stack, alex);
    assert.deepEqual(jobs.map((j) => j.name).sort(), ['escalate', 'remind', 'remind', 'remind']);
    const wave = await stack.runtime.deps.repo.getWave(waveId);
    const escalate = jobs.find((j) => j.name === 'escalate')!;
    // Due at the deadline (within the few seconds between scheduling and now).
    assert.ok(Math.abs(escalate.timestamp + escalate.opts.delay! - Date.parse(wave!.deadline)) < 60_000);
  });

  it('sends a reminder card with a fresh token and refuses the old card afterwards', async () => {
    const first = cardsOf(stack, lidia)[0]!;
    assert.ok(cardActions(first.attachments).some((a) => a.verb === 'phone.confirm'));
    const oldConfirm = cardActions(first.attachments).find((a) => a.verb === 'phone.confirm')!;
    const remind = (await delayedJobs(stack, lidia)).find((j) => j.name === 'remind')!;
    await remind.promote();
    await eventually(() => cardsOf(stack, lidia).length === 2, 10_000, 'reminder card');
    assert.ok(cardActions(cardsOf(stack, lidia)[1]!.attachments).some((a) => a.verb === 'phone.confirm'));
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(waveId, lidia))?.reminders === 1,
      5000,
      'reminded',
    );
    const old = await stack.post(
      cardClick(stack, { aadObjectId: lidia, name: 'Lidia' }, 'phone.confirm', oldConfirm.data),
    );
    assert.match(cardText((old.body as { value: unknown }).value), /expir|plus valide/i);
    assert.equal((await stack.runtime.deps.repo.getUser(waveId, lidia))?.status, 'notified');
    // The previous card was retired in place.
    const retired = stack.connector.transcript
      .activitiesFor(lidia)
      .find((a) => a.activityId === first.activityId);
    assert.equal(retired?.updateCount, 1);
  });

  it('stops reminders the moment the user confirms', async () => {
    const latest = cardsOf(stack, lidia).at(-1)!;
    const confirm = cardActions(latest.attachments).find((a) => a.verb === 'phone.confirm')!;
    await stack.post(cardClick(stack, { aadObjectId: lidia, name: 'Lidia' }, 'phone.confirm', confirm.data));
    await eventually(async () => (await delayedJobs(stack, lidia)).length === 0, 5000, 'reminders cancelled');
    assert.equal(cardsOf(stack, lidia).length, 2);
  });

  it('snoozes at most three times, then says no', async () => {
    for (let i = 1; i <= MAX_SNOOZES; i++) {
      const result = await snoozeUser(stack.runtime.deps, waveId, alex);
      assert.deepEqual(result, { ok: true, snoozesLeft: MAX_SNOOZES - i });
    }
    assert.deepEqual(await snoozeUser(stack.runtime.deps, waveId, alex), { ok: false, reason: 'limit' });
    const snoozeJobs = (await delayedJobs(stack, alex)).filter((j) => j.data.kind === 'snooze');
    assert.equal(snoozeJobs.length, MAX_SNOOZES);
    assert.ok(snoozeJobs.every((j) => j.opts.delay === 24 * 3600 * 1000));
  });

  it('escalates a user who never answers and tells their manager', async () => {
    const user = await stack.runtime.deps.repo.getUser(waveId, megan);
    assert.equal(user?.status, 'notified');
    const escalate = (await delayedJobs(stack, megan)).find((j) => j.name === 'escalate')!;
    await escalate.promote();
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(waveId, megan))?.status === 'unresponsive',
      10_000,
      'unresponsive',
    );
    const told = await eventually(
      () =>
        stack.connector.transcript
          .activitiesFor(SAMPLE_USERS.adele)
          .find((a) => cardText(a.attachments).includes('Megan Bowen has not answered')),
      10_000,
      'manager told',
    );
    assert.match(cardText(told.attachments), /Pilot/);
    const audit = await eventually(
      async () => {
        const actions = (await stack.runtime.deps.audit.read({ waveId, userId: megan })).map((e) => e.action);
        return actions.includes('manager-notified') && actions;
      },
      5000,
      'manager notification audited',
    );
    assert.ok(audit.includes('escalated'));
    // Nobody else was escalated by Megan's deadline job.
    assert.equal((await stack.runtime.deps.repo.countByStatus(waveId)).unresponsive, 1);
  });
});
