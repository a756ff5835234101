import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { TranscriptActivity } from '../../../src/dev/connector-sim/types';
import { SAMPLE_GROUPS, SAMPLE_TENANT_ID, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { signActionToken } from '../../../src/rollout/action-token';
import { PhoneCorrectionStore } from '../../../src/store/phone-corrections';
import { chatOf, click, newestCardWith, nextSaid, said, say } from '../../support/chat';
import { testRedisUrl } from '../../support/redis';
import {
  cardActions,
  cardClick,
  cardText,
  eventually,
  personalMessage,
  type Stack,
  startStack,
  type TeamsUser,
} from '../../support/stack';

/**
 * "That's not my number" and "Add my phone number", end to end: restify + CloudAdapter + connector
 * simulator + Graph simulator + real Redis. The dialog starts inside the card's invoke turn and goes
 * on in the user's 1:1 chat; the number lands in the Graph simulator only by the policy's road.
 */

const adele: TeamsUser = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const alex: TeamsUser = { aadObjectId: SAMPLE_USERS.alex, name: 'Alex Wilber' };
const diego: TeamsUser = { aadObjectId: SAMPLE_USERS.diego, name: 'Diego Siciliani' };
const isaiah: TeamsUser = { aadObjectId: SAMPLE_USERS.isaiah, name: 'Isaiah Langer' };
const lidia: TeamsUser = { aadObjectId: SAMPLE_USERS.lidia, name: 'Lidia Holloway' };
/** Danish (usageLocation DK), preloaded +45 20123408. */
const mette: TeamsUser = { aadObjectId: '0b4c2a1e-3d5f-4a60-8b71-000000000008', name: 'Mette Kjær' };
const adminChat = `a:chat-${adele.aadObjectId}`;

async function startPilot(stack: Stack): Promise<string> {
  const pilotSize = stack.graph.state.transitiveUserIds(SAMPLE_GROUPS.pilot).length;
  await stack.post(personalMessage(stack, adele, `wave start ${SAMPLE_GROUPS.pilot} Pilot`));
  // The start is checked (group, overlap) off the chat turn: the wave appears shortly after.
  const wave = await eventually(
    async () => (await stack.runtime.deps.repo.listWaves())[0],
    20_000,
    'the wave',
  );
  await eventually(
    async () => {
      const counts = await stack.runtime.deps.repo.countByStatus(wave.id);
      return counts.targeted === 0 && counts.notified + counts['no-phone'] === pilotSize;
    },
    30_000,
    'every pilot user has a card',
  );
  return wave.id;
}

/** Every value under the stack's Redis prefix (its BullMQ keys included), as one string. */
async function everythingInRedis(stack: Stack): Promise<string> {
  const redis = new Redis(testRedisUrl());
  const values: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${stack.config.REDIS_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        values.push(key);
        const type = await redis.type(key);
        if (type === 'string') values.push((await redis.get(key)) ?? '');
        else if (type === 'hash') values.push(JSON.stringify(await redis.hgetall(key)));
        else if (type === 'list') values.push(JSON.stringify(await redis.lrange(key, 0, -1)));
        else if (type === 'set') values.push(JSON.stringify(await redis.smembers(key)));
        else if (type === 'zset') values.push(JSON.stringify(await redis.zrange(key, 0, -1)));
        else if (type === 'stream') values.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return values.join('\n');
}

async function assertNoClearNumberInRedis(stack: Stack, nationalDigits: string): Promise<void> {
  const everything = (await everythingInRedis(stack)).replace(/[\s\-.()]/g, '');
  assert.ok(everything.length > 1000, 'the scan saw the stack’s data');
  assert.ok(!everything.includes(nationalDigits), `Redis holds the clear number ${nationalDigits}`);
}

/** A card sent again so the user can try again: what to do and the buttons, not the whole card they read. */
function assertBrief(card: TranscriptActivity): void {
  const text = cardText(card.attachments);
  assert.match(text, /^What you need to do/);
  assert.match(text, /Is it yours\?/);
  assert.doesNotMatch(text, /Why\? Passwords|Even better|Help from Microsoft|Watch out for scams/);
}

function auditLines(stack: Stack, waveId: string, userId: string) {
  return stack.runtime.deps.audit.read({ waveId, userId });
}

describe('phone correction, policy self-service (end to end)', () => {
  let stack: Stack;
  let waveId: string;

  before(async () => {
    stack = await startStack({ env: { PHONE_CORRECTION_POLICY: 'self-service' } });
    waveId = await startPilot(stack);
  });
  after(() => stack.close());

  it('corrects a wrong number: dialog in the chat, Yes on the card, written to Graph at once, confirmed and ready with one short card', async () => {
    const { repo } = stack.runtime.deps;
    const { card: oldCard, action: dispute } = newestCardWith(stack, mette, 'phone.dispute');
    const oldConfirm = cardActions(oldCard.attachments).find((a) => a.verb === 'phone.confirm')!;

    const before = chatOf(stack, mette).length;
    const answer = await click(stack, mette, 'phone.dispute', dispute.data);
    assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(answer.value), /Let's fix your number/);
    assert.deepEqual(cardActions(answer.value), []);
    assert.equal((await repo.getUser(waveId, mette.aadObjectId))?.status, 'disputed');
    // The dialog started inside the invoke turn: the question is already in her chat.
    await nextSaid(stack, mette, before, /type the mobile number.*from Denmark/s);

    let since = await say(stack, mette, '20 98 76 54');
    const question = await nextSaid(stack, mette, since, /You typed \+45 20 98 76 54\. Is that right\?/);
    // Card buttons that work in Teams and in the Agents Playground alike (no imBack).
    assert.deepEqual(
      cardActions(question.attachments).map((a) => `${a.title}: ${a.verb}`),
      ['Yes: phone.number.yes', 'No: phone.number.no'],
    );
    const yes = cardActions(question.attachments).find((a) => a.verb === 'phone.number.yes')!;
    // Waiting for her "yes": the number sits in the dialog state, sealed only.
    await assertNoClearNumberInRedis(stack, '20987654');
    assert.equal(stack.graph.state.phoneOf(mette.aadObjectId, 'mobile')?.phoneNumber, '+45 20123408');

    // Somebody else's click, or hers from another chat, answers nothing.
    assert.match(cardText((await click(stack, alex, 'phone.number.yes', yes.data)).value), /not yours/);
    const elsewhere = await stack.post({
      ...cardClick(stack, mette, 'phone.number.yes', yes.data),
      conversation: {
        id: '19:group-chat@thread.v2',
        conversationType: 'groupChat',
        tenantId: SAMPLE_TENANT_ID,
      },
    });
    assert.match(cardText((elsewhere.body as { value: unknown }).value), /expired/);
    assert.equal(stack.graph.state.phoneOf(mette.aadObjectId, 'mobile')?.phoneNumber, '+45 20123408');
    assert.equal((await repo.getUser(waveId, mette.aadObjectId))?.status, 'disputed');

    since = chatOf(stack, mette).length;
    const answered = await click(stack, mette, 'phone.number.yes', yes.data);
    assert.equal(answered.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(answered.value), /You typed \+45 20 98 76 54\. Is that right\?\nYour answer: Yes/);
    assert.deepEqual(cardActions(answered.value), [], 'the answered card has no buttons');
    assert.equal(stack.graph.state.phoneOf(mette.aadObjectId, 'mobile')?.phoneNumber, '+45 20987654');
    // The click's turn is over: everything it sent is in her chat. One short final card, nothing more.
    const after = chatOf(stack, mette).slice(since);
    assert.equal(after.length, 1, after.map(said).join('\n---\n'));
    const final = said(after[0]!);
    assert.match(final, /Your new number is saved/);
    assert.match(final, /\+45 •• •• •6 54/);
    assert.doesNotMatch(final, /Is it yours\?|Your sign-in is getting an extra step/);
    assert.deepEqual(cardActions(after[0]!.attachments), [], 'no card asks her to confirm it again');
    assert.match(cardText((await click(stack, mette, 'phone.number.yes', yes.data)).value), /expired/);
    assert.match(cardText((await click(stack, mette, 'phone.confirm', oldConfirm.data)).value), /expired/);
    const ready = await eventually(
      async () => {
        const record = await repo.getUser(waveId, mette.aadObjectId);
        return record?.status === 'ready' && record;
      },
      10_000,
      'ready',
    );
    assert.equal(ready.phoneMasked, '+45 •• •• •6 54');
    assert.equal(ready.phoneFrom, 'user');

    const audit = await auditLines(stack, waveId, mette.aadObjectId);
    assert.deepEqual(
      audit.filter((e) => e.from).map((e) => `${e.from}->${e.to} by ${e.actor}`),
      [
        'targeted->notified by bot',
        `notified->disputed by ${mette.aadObjectId}`,
        `disputed->corrected by ${mette.aadObjectId}`,
        `corrected->confirmed by ${mette.aadObjectId}`,
        'confirmed->ready by bot',
      ],
    );
    assert.match(
      audit.find((e) => e.to === 'confirmed')?.detail ?? '',
      /typed and confirmed by the user in the phone dialog/,
    );
    assert.ok(audit.some((e) => e.action === 'phone-written' && e.detail?.includes('+45 •• •• •6 54')));
    assert.doesNotMatch(JSON.stringify(audit), /20987654|20 98 76 54/);
  });

  it('explains an invalid number, and takes a foreign number (German number for a Danish user), answered by typing "yes"', async () => {
    const { action: dispute } = newestCardWith(stack, adele, 'phone.dispute');
    const before = chatOf(stack, adele).length;
    await click(stack, adele, 'phone.dispute', dispute.data);
    await nextSaid(stack, adele, before, /from Denmark/);

    let since = await say(stack, adele, 'my number is secret');
    await nextSaid(stack, adele, since, /doesn't look like a phone number/);
    since = await say(stack, adele, '0151 23456789');
    await nextSaid(
      stack,
      adele,
      since,
      /too many digits\. If it's a number from another country, start with \+/,
    );
    since = await say(stack, adele, '+49 151 23456789');
    const question = await nextSaid(
      stack,
      adele,
      since,
      /You typed \+49 1512 3456789, a number from Germany\. Is that right\?/,
    );
    since = await say(stack, adele, 'yes');
    const final = await nextSaid(stack, adele, since, /Your new number is saved/);
    assert.match(said(final), /\+49 /);
    assert.equal(stack.graph.state.phoneOf(adele.aadObjectId, 'mobile')?.phoneNumber, '+49 15123456789');
    // Typed, not clicked: the question's buttons gave way to her answer.
    assert.deepEqual(cardActions(question.attachments), []);
    assert.match(said(question), /Your answer: Yes/);
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(waveId, adele.aadObjectId))?.status === 'ready',
      10_000,
      'ready',
    );
    const invalid = (await auditLines(stack, waveId, adele.aadObjectId)).filter(
      (e) => e.action === 'phone-correction-invalid',
    );
    assert.deepEqual(
      invalid.map((e) => e.detail),
      ['not-a-number', 'too-long'],
    );
  });

  it('lets a user without a preloaded number add one ("Add my phone number")', async () => {
    const { repo } = stack.runtime.deps;
    assert.equal((await repo.getUser(waveId, diego.aadObjectId))?.status, 'no-phone');
    assert.equal(stack.graph.state.phoneOf(diego.aadObjectId, 'mobile'), undefined);
    const { action: add } = newestCardWith(stack, diego, 'phone.add');
    const before = chatOf(stack, diego).length;
    const answer = await click(stack, diego, 'phone.add', add.data);
    assert.match(cardText(answer.value), /Let's add your number/);
    assert.equal((await repo.getUser(waveId, diego.aadObjectId))?.status, 'no-phone', 'no state change yet');
    await nextSaid(stack, diego, before, /from Spain/);

    let since = await say(stack, diego, '612 34 56 78');
    await nextSaid(stack, diego, since, /You typed \+34 612 34 56 78\. Is that right\?/);
    since = await say(stack, diego, 'yes');
    await nextSaid(stack, diego, since, /Your new number is saved/);
    assert.equal(stack.graph.state.phoneOf(diego.aadObjectId, 'mobile')?.phoneNumber, '+34 612345678');
    assert.ok(
      chatOf(stack, diego)
        .slice(since)
        .every((activity) => cardActions(activity.attachments).length === 0),
      'nothing asks him to confirm the number he just confirmed',
    );
    await eventually(
      async () => (await repo.getUser(waveId, diego.aadObjectId))?.status === 'ready',
      10_000,
      'ready',
    );
  });

  it('tells the user kindly when Graph refuses the write, keeps the state disputed and audits it', async () => {
    const { repo } = stack.runtime.deps;
    const { action: dispute } = newestCardWith(stack, isaiah, 'phone.dispute');
    await click(stack, isaiah, 'phone.dispute', dispute.data);
    await say(stack, isaiah, '+49 151 99887766');
    stack.graph.faults.inject({ method: 'PATCH', path: /phoneMethods/, status: 403 });
    const since = await say(stack, isaiah, 'yes');
    await nextSaid(stack, isaiah, since, /couldn't save your number just now, so nothing was changed/);
    assert.equal(stack.graph.state.phoneOf(isaiah.aadObjectId, 'mobile')?.phoneNumber, '+49 15112345678');
    const record = await repo.getUser(waveId, isaiah.aadObjectId);
    assert.equal(record?.status, 'disputed');
    const failed = await eventually(
      async () =>
        (await auditLines(stack, waveId, isaiah.aadObjectId)).find((e) => e.action === 'phone-write-failed'),
      5000,
      'failed write audited',
    );
    assert.match(failed.detail ?? '', /^graph 403/);
    // A fresh card lets him try again later: its token is the current one, and it is brief.
    const { card } = newestCardWith(stack, isaiah, 'phone.dispute');
    assert.ok(chatOf(stack, isaiah).indexOf(card) >= since);
    assertBrief(card);
  });

  it('ends the dialog on "cancel" and leaves everything as it was', async () => {
    const { action: dispute } = newestCardWith(stack, lidia, 'phone.dispute');
    await click(stack, lidia, 'phone.dispute', dispute.data);
    const since = await say(stack, lidia, 'cancel');
    await nextSaid(stack, lidia, since, /I've stopped and nothing was changed/);
    // A fresh card lets her start again whenever she likes.
    const { card } = newestCardWith(stack, lidia, 'phone.dispute');
    assert.ok(chatOf(stack, lidia).indexOf(card) >= since);
    assertBrief(card);
    assert.equal(
      (await stack.runtime.deps.repo.getUser(waveId, lidia.aadObjectId))?.cardId !== undefined,
      true,
    );
    // No dialog is waiting any more: a number typed now is not taken as an answer.
    const after = await say(stack, lidia, '06 12 34 56 99');
    const replies = await eventually(() => {
      const found = chatOf(stack, lidia).slice(after);
      return found.length > 0 && found;
    });
    // (The help menu it gets instead may mention phone numbers; the dialog's own questions must not appear.)
    assert.ok(replies.every((reply) => !/You typed|Is that right/.test(said(reply))));
    assert.equal(stack.graph.state.phoneOf(lidia.aadObjectId, 'mobile')?.phoneNumber, '+33 612345678');
    assert.ok(
      (await auditLines(stack, waveId, lidia.aadObjectId)).some(
        (e) => e.action === 'phone-correction-cancelled',
      ),
    );
  });

  it('never kept a typed number in clear in Redis (dialog state, jobs, audit)', async () => {
    for (const digits of ['20987654', '15123456789', '612345678', '15199887766']) {
      await assertNoClearNumberInRedis(stack, digits);
    }
  });
});

describe('phone correction, policy approval (end to end)', () => {
  let stack: Stack;
  let waveId: string;

  before(async () => {
    stack = await startStack({ env: { PHONE_CORRECTION_POLICY: 'approval' } });
    waveId = await startPilot(stack);
  });
  after(() => stack.close());

  function approvalCardFor(name: string) {
    const card = stack.connector.transcript
      .activitiesIn(adminChat)
      .filter((a) => cardText(a.attachments).includes('New mobile number to approve'))
      .filter((a) => cardText(a.attachments).includes(name))
      .at(-1);
    assert.ok(card, `an approval card for ${name}`);
    return card;
  }

  /** Disputes, types the number, and says yes to it with the card's Yes button. */
  async function correctTo(user: TeamsUser, typed: string, display: RegExp): Promise<void> {
    const { action: dispute } = newestCardWith(stack, user, 'phone.dispute');
    await click(stack, user, 'phone.dispute', dispute.data);
    let since = await say(stack, user, typed);
    const question = await nextSaid(stack, user, since, display);
    const yes = cardActions(question.attachments).find((a) => a.verb === 'phone.number.yes');
    assert.ok(yes, 'the question has a Yes button');
    since = chatOf(stack, user).length;
    assert.match(
      cardText((await click(stack, user, 'phone.number.yes', yes.data)).value),
      /Your answer: Yes/,
    );
    await nextSaid(stack, user, since, /The helpdesk checks every new number before it is saved/);
  }

  it('puts the new number to the helpdesk; a non-admin cannot approve; the admin approves and Graph is updated', async () => {
    const { repo } = stack.runtime.deps;
    await correctTo(mette, '20 98 76 54', /You typed \+45 20 98 76 54/);
    assert.equal(
      stack.graph.state.phoneOf(mette.aadObjectId, 'mobile')?.phoneNumber,
      '+45 20123408',
      'not yet',
    );
    assert.equal((await repo.getUser(waveId, mette.aadObjectId))?.status, 'disputed');

    const card = await eventually(() => approvalCardFor('Mette Kjær'), 10_000, 'approval card');
    const text = cardText(card.attachments);
    assert.match(text, /MetteK@contoso\.onmicrosoft\.com/i);
    assert.match(text, /\+45 •• •• •4 08/, 'the old number, masked');
    assert.match(text, /\+45 20 98 76 54/, 'the new number, for the helpdesk to verify');
    const approve = cardActions(card.attachments).find((a) => a.verb === 'phone.approve')!;
    assert.deepEqual(
      cardActions(card.attachments).map((a) => a.verb),
      ['phone.approve', 'phone.reject'],
    );
    // Pending: the number is in Redis only sealed.
    await assertNoClearNumberInRedis(stack, '20987654');

    // A forged or tampered click on the shared card is refused without replacing it for everybody.
    const token = String(approve.data.token);
    const tampered = await click(stack, adele, 'phone.approve', { token: `${token.slice(0, -4)}AAAA` });
    assert.equal(tampered.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(tampered.value), /Nothing was changed/);

    const refused = await click(stack, alex, 'phone.approve', approve.data);
    assert.equal(
      refused.type,
      'application/vnd.microsoft.activity.message',
      'the shared card stays as it is',
    );
    assert.match(String(refused.value), /Only MFA rollout admins/);
    assert.equal(stack.graph.state.phoneOf(mette.aadObjectId, 'mobile')?.phoneNumber, '+45 20123408');
    const refusal = (await auditLines(stack, waveId, mette.aadObjectId)).filter(
      (e) => e.action === 'card-action-refused',
    );
    assert.equal(refusal.at(-1)?.detail, 'not-admin');
    assert.equal(refusal.at(-1)?.actor, alex.aadObjectId);

    const since = chatOf(stack, mette).length;
    const approved = await click(stack, adele, 'phone.approve', approve.data);
    assert.equal(approved.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(
      cardText(approved.value),
      /Approved by Adele Vance\. The new number is saved and Mette Kjær has been told\./,
    );
    assert.deepEqual(cardActions(approved.value), []);
    assert.doesNotMatch(JSON.stringify(approved.value), /20 98 76 54|20987654/, 'decided: masked only');
    assert.equal(stack.graph.state.phoneOf(mette.aadObjectId, 'mobile')?.phoneNumber, '+45 20987654');
    // The approval's turn is over: all it told her is in her chat. She typed the number and said yes
    // to it already: one short final card, no awareness card asking her to confirm it a third time.
    const told = chatOf(stack, mette).slice(since);
    assert.equal(told.length, 1, told.map(said).join('\n---\n'));
    const final = said(told[0]!);
    assert.match(final, /The helpdesk approved your new number/);
    assert.match(final, /\+45 •• •• •6 54/);
    assert.doesNotMatch(final, /Your sign-in is getting an extra step|Is it yours\?|Even better/);
    assert.deepEqual(cardActions(told[0]!.attachments), []);

    const replay = await click(stack, adele, 'phone.approve', approve.data);
    assert.match(cardText(replay.value), /Already decided/);

    await eventually(
      async () => (await repo.getUser(waveId, mette.aadObjectId))?.status === 'ready',
      10_000,
      'ready, without another click',
    );
    assert.equal(chatOf(stack, mette).length, since + 1, 'nothing else was sent to her');
    const audit = await auditLines(stack, waveId, mette.aadObjectId);
    for (const action of ['phone-correction-requested', 'phone-written', 'phone-correction-approved']) {
      assert.ok(
        audit.some((e) => e.action === action),
        action,
      );
    }
    assert.equal(audit.find((e) => e.action === 'phone-correction-approved')?.actor, adele.aadObjectId);
    assert.equal(audit.find((e) => e.action === 'phone-correction-requested')?.actor, mette.aadObjectId);
    // Who did what: she typed and confirmed it, Adele approved and wrote it.
    assert.deepEqual(
      audit.filter((e) => e.from).map((e) => `${e.from}->${e.to} by ${e.actor}`),
      [
        'targeted->notified by bot',
        `notified->disputed by ${mette.aadObjectId}`,
        `disputed->corrected by ${adele.aadObjectId}`,
        `corrected->confirmed by ${mette.aadObjectId}`,
        'confirmed->ready by bot',
      ],
    );
    assert.doesNotMatch(JSON.stringify(audit), /20987654|20 98 76 54/);
  });

  it('rejects: the user is told, stays disputed, Graph is untouched, and they can try again', async () => {
    const { repo } = stack.runtime.deps;
    await correctTo(lidia, '06 12 34 56 99', /You typed \+33 6 12 34 56 99/);
    const card = await eventually(() => approvalCardFor('Lidia Holloway'), 10_000, 'approval card');
    const reject = cardActions(card.attachments).find((a) => a.verb === 'phone.reject')!;
    const since = chatOf(stack, lidia).length;
    const rejected = await click(stack, adele, 'phone.reject', reject.data);
    assert.match(cardText(rejected.value), /Rejected by Adele Vance\. Nothing was changed/);
    assert.deepEqual(cardActions(rejected.value), []);
    assert.equal(stack.graph.state.phoneOf(lidia.aadObjectId, 'mobile')?.phoneNumber, '+33 612345678');
    await nextSaid(stack, lidia, since, /The helpdesk did not approve the new number \+33 • •• •• •6 99/);
    assert.equal((await repo.getUser(waveId, lidia.aadObjectId))?.status, 'disputed');
    const pending = new PhoneCorrectionStore(stack.runtime.redis, stack.config.REDIS_PREFIX);
    assert.equal(await pending.get(waveId, lidia.aadObjectId), undefined, 'the request is gone');

    // The fresh card starts the dialog again; the approval card cannot be used any more.
    const again = chatOf(stack, lidia).length;
    const { card: fresh, action: dispute } = newestCardWith(stack, lidia, 'phone.dispute');
    assert.ok(chatOf(stack, lidia).indexOf(fresh) >= since);
    assertBrief(fresh);
    await click(stack, lidia, 'phone.dispute', dispute.data);
    await nextSaid(stack, lidia, again, /type the mobile number/);
    const approve = cardActions(card.attachments).find((a) => a.verb === 'phone.approve')!;
    assert.match(
      cardText((await click(stack, adele, 'phone.approve', approve.data)).value),
      /Already decided/,
    );
    assert.equal(stack.graph.state.phoneOf(lidia.aadObjectId, 'mobile')?.phoneNumber, '+33 612345678');
    const audit = await auditLines(stack, waveId, lidia.aadObjectId);
    assert.equal(audit.find((e) => e.action === 'phone-correction-rejected')?.actor, adele.aadObjectId);
  });

  it('never kept a typed number in clear in Redis (pending requests, dialog state, jobs, audit)', async () => {
    for (const digits of ['20987654', '612345699']) await assertNoClearNumberInRedis(stack, digits);
  });

  it('answers every other verb the cards send: snooze (up to the limit), and enforce refuses a card token', async () => {
    const { action: snooze } = newestCardWith(stack, alex, 'reminder.snooze');
    for (let i = 0; i < 3; i++) {
      const answer = await click(stack, alex, 'reminder.snooze', snooze.data);
      assert.match(cardText(answer.value), /We'll remind you tomorrow/);
    }
    assert.equal((await stack.runtime.deps.repo.getUser(waveId, alex.aadObjectId))?.snoozes, 3);
    assert.match(
      cardText((await click(stack, alex, 'reminder.snooze', snooze.data)).value),
      /No more reminders/,
    );

    const badSignatures = async () =>
      (await stack.runtime.deps.audit.read({})).filter(
        (e) => e.action === 'card-action-refused' && e.detail === 'bad-signature',
      ).length;
    const refusedBefore = await badSignatures();
    const enforceToken = signActionToken(
      { waveId, userId: adele.aadObjectId, cardId: 'digest', exp: Math.floor(Date.now() / 1000) + 600 },
      stack.config.ACTION_TOKEN_SECRET,
      'awareness',
    );
    const enforce = await click(stack, adele, 'wave.enforce', { token: enforceToken });
    assert.equal(enforce.type, 'application/vnd.microsoft.activity.message', 'the digest stays as it is');
    // An awareness token is not an enforcement token: refused before anything is looked at.
    assert.match(String(enforce.value), /Nothing was changed/);
    assert.equal(await badSignatures(), refusedBefore + 1);
  });
});
