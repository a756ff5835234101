import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Job } from 'bullmq';
import { snoozeUser } from '../../../src/app/snooze';
import { startWave } from '../../../src/app/start-wave';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { MAX_SNOOZES } from '../../../src/rollout/reminder-policy';
import { cardActions, cardClick, cardText, eventually, type Stack, startStack } from '../../support/stack';

/**
 * Reminders are delayed BullMQ jobs measured in days; the tests fire them with job.promote(), which
 * is what BullMQ itself does when the delay runs out.
 */
async function waveJob(stack: Stack, jobId: string): Promise<Job> {
  const job = await stack.runtime.queues.sweeps.getJob(jobId);
  assert.ok(job, `job ${jobId} exists`);
  return job;
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
    // Not 24: the cards must say when the card comes back, not "tomorrow" whatever the setting.
    stack = await startStack({ env: { ESCALATE_TO_MANAGER: 'true', SNOOZE_HOURS: '6' } });
    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      name: 'Pilot',
      createdBy: { id: 'cli', name: 'cli' },
      deadlineDays: 14,
    });
    waveId = wave.id;
    await eventually(
      async () => (await stack.runtime.deps.repo.getWave(waveId))?.announcedAt,
      30_000,
      'announced',
    );
    await eventually(
      async () => (await stack.runtime.deps.repo.countByStatus(waveId)).targeted === 0,
      30_000,
      'cards sent',
    );
  });
  after(() => stack.close());

  it('schedules three reminders and the deadline per wave, not per user', async () => {
    const delayed = (await stack.runtime.queues.sweeps.getDelayed()).filter((j) => j.data.waveId === waveId);
    assert.deepEqual(delayed.map((j) => j.name).sort(), [
      'wave-escalate',
      'wave-remind',
      'wave-remind',
      'wave-remind',
    ]);
    const wave = await stack.runtime.deps.repo.getWave(waveId);
    const escalate = delayed.find((j) => j.name === 'wave-escalate')!;
    assert.ok(Math.abs(escalate.timestamp + escalate.opts.delay! - Date.parse(wave!.deadline)) < 60_000);
    const perUser = (await stack.runtime.queues.outreach.getDelayed()).filter(
      (j) => j.data.waveId === waveId,
    );
    assert.deepEqual(perUser, []);
  });

  it('sends a reminder card with a fresh token and refuses the old card afterwards', async () => {
    const first = cardsOf(stack, lidia)[0]!;
    const oldConfirm = cardActions(first.attachments).find((a) => a.verb === 'phone.confirm')!;
    await (await waveJob(stack, `wave-remind0__${waveId}`)).promote();
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
    assert.match(cardText((old.body as { value: unknown }).value), /expired/i);
    assert.equal((await stack.runtime.deps.repo.getUser(waveId, lidia))?.status, 'notified');
    // The previous card was retired in place.
    await eventually(
      () =>
        stack.connector.transcript.activitiesFor(lidia).find((a) => a.activityId === first.activityId)
          ?.updateCount === 1,
      5000,
      'old card retired',
    );
  });

  it('stops reminding a user the moment they confirm', async () => {
    const latest = cardsOf(stack, lidia).at(-1)!;
    const confirm = cardActions(latest.attachments).find((a) => a.verb === 'phone.confirm')!;
    await stack.post(cardClick(stack, { aadObjectId: lidia, name: 'Lidia' }, 'phone.confirm', confirm.data));
    const alexBefore = cardsOf(stack, alex).length;
    const alexReminders = (await stack.runtime.deps.repo.getUser(waveId, alex))!.reminders;
    await (await waveJob(stack, `wave-remind1__${waveId}`)).promote();
    await eventually(() => cardsOf(stack, alex).length === alexBefore + 1, 10_000, 'Alex reminded again');
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(waveId, alex))?.reminders === alexReminders + 1,
      5000,
      'Alex reminder stored',
    );
    assert.equal(cardsOf(stack, lidia).length, 2, 'Lidia, who confirmed, got no further card');
  });

  it('snoozes at most three times, then says no', async () => {
    for (let i = 1; i <= MAX_SNOOZES; i++) {
      const result = await snoozeUser(stack.runtime.deps, waveId, alex);
      assert.deepEqual(result, { ok: true, snoozesLeft: MAX_SNOOZES - i });
    }
    assert.deepEqual(await snoozeUser(stack.runtime.deps, waveId, alex), { ok: false, reason: 'limit' });
    const snoozeJobs = (await stack.runtime.queues.outreach.getDelayed()).filter(
      (j) => j.data.userId === alex && j.data.kind === 'snooze',
    );
    assert.equal(snoozeJobs.length, MAX_SNOOZES);
    assert.ok(snoozeJobs.every((j) => j.opts.delay === 6 * 3600 * 1000));
  });

  it('sends the snoozed card again when the snooze ends', async () => {
    const before = cardsOf(stack, alex).length;
    const snooze = (await stack.runtime.queues.outreach.getDelayed()).find(
      (j) => j.data.userId === alex && j.data.kind === 'snooze',
    )!;
    await snooze.promote();
    await eventually(() => cardsOf(stack, alex).length === before + 1, 10_000, 'snoozed card back');
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(waveId, alex))?.status === 'notified',
      5000,
      'notified again',
    );
  });

  it('words the snooze by SNOOZE_HOURS, on the button and in the answer to it', async () => {
    const adele = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
    const card = cardsOf(stack, adele.aadObjectId).at(-1)!;
    const snooze = cardActions(card.attachments).find((a) => a.verb === 'reminder.snooze');
    assert.equal(snooze?.title, 'Remind me in 6 hours');
    const answer = await stack.post(cardClick(stack, adele, 'reminder.snooze', snooze!.data));
    const text = cardText((answer.body as { value: unknown }).value);
    assert.match(text, /We'll remind you in 6 hours/);
    assert.match(text, /You'll get this card again in 6 hours\./);
    assert.doesNotMatch(text, /tomorrow/);
  });

  it('escalates users who never answer at the deadline and tells their manager', async () => {
    const counts = await stack.runtime.deps.repo.countByStatus(waveId);
    const awaiting = counts.notified + counts.snoozed + counts['no-phone'] + counts.corrected;
    await (await waveJob(stack, `wave-escalate__${waveId}`)).promote();
    await eventually(
      async () => (await stack.runtime.deps.repo.countByStatus(waveId)).unresponsive === awaiting,
      10_000,
      'everyone awaiting is unresponsive',
    );
    assert.equal(
      (await stack.runtime.deps.repo.getUser(waveId, lidia))?.status,
      'ready',
      'a confirmed user is untouched',
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
    await eventually(
      async () => {
        const actions = (await stack.runtime.deps.audit.read({ waveId, userId: megan })).map((e) => e.action);
        return actions.includes('manager-notified') && actions.includes('escalated');
      },
      5000,
      'escalation and manager notice audited',
    );
  });
});
