import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { signActionToken } from '../../../src/rollout/action-token';
import { chatOf } from '../../support/chat';
import {
  cardActions,
  cardClick,
  cardText,
  eventually,
  personalMessage,
  type Stack,
  startStack,
} from '../../support/stack';

const adele = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const alex = { aadObjectId: SAMPLE_USERS.alex, name: 'Alex Wilber' };
const lidia = { aadObjectId: SAMPLE_USERS.lidia, name: 'Lidia Holloway' };
const adminChat = `a:chat-${adele.aadObjectId}`;

function awarenessCardOf(stack: Stack, userId: string) {
  const activity = chatOf(stack, userId).find(
    (a) =>
      cardText(a.attachments).includes("Yes, that's my number") ||
      cardText(a.attachments).includes('no mobile number'),
  );
  return activity;
}

describe('first wave, end to end (restify + CloudAdapter + simulators + Redis + BullMQ)', () => {
  let stack: Stack;
  let waveId: string;
  let pilotSize: number;

  before(async () => {
    stack = await startStack();
    pilotSize = stack.graph.state.transitiveUserIds(SAMPLE_GROUPS.pilot).length;
  });
  after(() => stack.close());

  it('refuses the wave command from a user who is not an admin', async () => {
    const response = await stack.post(
      personalMessage(stack, alex, `wave start ${SAMPLE_GROUPS.pilot} Pilot`),
    );
    assert.equal(response.status, 200);
    const reply = await eventually(
      () => stack.connector.transcript.activitiesIn(`a:chat-${alex.aadObjectId}`).at(-1),
      5000,
    );
    assert.match(cardText(reply.attachments), /Only MFA rollout admins/);
    assert.deepEqual(await stack.runtime.deps.repo.listWaves(), []);
  });

  it('lets an admin (member of the admin group) start and announce a wave from a Teams chat', async () => {
    const response = await stack.post(
      personalMessage(stack, adele, `wave start ${SAMPLE_GROUPS.pilot} Pilot`),
    );
    assert.equal(response.status, 200);
    // The turn answers at once; the group and the overlap are checked off the turn, then the wave starts.
    assert.match(
      cardText(stack.connector.transcript.activitiesIn(adminChat).at(-1)?.attachments),
      /Checking the group/,
    );
    const wave = await eventually(
      async () => (await stack.runtime.deps.repo.listWaves())[0],
      20_000,
      'the wave',
    );
    waveId = wave.id;
    assert.equal(wave.name, 'Pilot');
    await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(adminChat)
          .find((a) => cardText(a.attachments).includes('Wave Pilot is starting')),
      20_000,
      '"Wave Pilot is starting"',
    );
    const announcement = await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(adminChat)
          .find((a) => cardText(a.attachments).includes('New MFA rollout wave')),
      20_000,
      'announcement card',
    );
    assert.match(cardText(announcement.attachments), /Pilot/);
  });

  it('sends every pilot user one awareness card with the masked preloaded number', async () => {
    await eventually(
      async () => {
        const counts = await stack.runtime.deps.repo.countByStatus(waveId);
        return (
          counts.targeted === 0 &&
          counts.notified + counts['no-phone'] + counts.excluded + counts.unreachable === pilotSize
        );
      },
      30_000,
      'every pilot user notified',
    );
    const card = awarenessCardOf(stack, alex.aadObjectId);
    assert.ok(card, 'Alex got an awareness card');
    const text = cardText(card.attachments);
    assert.match(text, /\+1 •• •• •• •1 01/);
    assert.doesNotMatch(JSON.stringify(card.attachments), /4255550101/);
    assert.deepEqual(
      cardActions(card.attachments).map((a) => a.verb),
      ['phone.confirm', 'phone.dispute', 'reminder.snooze'],
    );
    // The admin's own card arrives in the chat she wrote from (stored conversation reference).
    assert.ok(awarenessCardOf(stack, adele.aadObjectId), 'Adele got her card in the chat she wrote from');
    // Diego has no preloaded number: his card offers the registration path instead.
    const diego = await stack.runtime.deps.repo.getUser(waveId, SAMPLE_USERS.diego);
    assert.equal(diego?.status, 'no-phone');
    // One card per user, never two.
    for (const userId of Object.values(SAMPLE_USERS)) {
      const cards = chatOf(stack, userId).filter((a) =>
        cardText(a.attachments).includes('sign-in is getting an extra step'),
      );
      assert.ok(cards.length <= 1, `${userId} got ${cards.length} awareness cards`);
    }
  });

  it('refuses a click from another user holding the card (forged action) and changes nothing', async () => {
    const card = awarenessCardOf(stack, alex.aadObjectId)!;
    const confirm = cardActions(card.attachments).find((a) => a.verb === 'phone.confirm')!;
    const response = await stack.post(
      cardClick(stack, lidia, 'phone.confirm', confirm.data, card.activityId),
    );
    assert.equal(response.status, 200);
    assert.match(cardText((response.body as { value: unknown }).value), /not yours/i);
    assert.equal((await stack.runtime.deps.repo.getUser(waveId, alex.aadObjectId))?.status, 'notified');
    const refusals = (await stack.runtime.deps.audit.read({ waveId })).filter(
      (e) => e.action === 'card-action-refused',
    );
    assert.equal(refusals.at(-1)?.detail, 'wrong-user');
  });

  it('refuses a tampered token', async () => {
    const card = awarenessCardOf(stack, alex.aadObjectId)!;
    const confirm = cardActions(card.attachments).find((a) => a.verb === 'phone.confirm')!;
    const token = String(confirm.data.token);
    const tampered = `${token.slice(0, -3)}${token.endsWith('A') ? 'B' : 'A'}xx`;
    const response = await stack.post(
      cardClick(stack, alex, 'phone.confirm', { token: tampered }, card.activityId),
    );
    assert.match(cardText((response.body as { value: unknown }).value), /could not be checked/);
    assert.equal((await stack.runtime.deps.repo.getUser(waveId, alex.aadObjectId))?.status, 'notified');
  });

  it('takes a click that arrives before its brand-new card was recorded, and refuses an older card at once', async () => {
    const { deps } = stack.runtime;
    const user = lidia.aadObjectId;
    const before = await deps.repo.getUser(waveId, user);
    assert.equal(before?.status, 'notified');
    const token = (cardId: string, mintedSecondsAgo: number) =>
      signActionToken(
        {
          waveId,
          userId: user,
          cardId,
          exp: Math.floor(Date.now() / 1000) - mintedSecondsAgo + deps.config.ACTION_TOKEN_TTL_DAYS * 86_400,
        },
        deps.config.ACTION_TOKEN_SECRET,
        'awareness',
      );

    // A card minted before Lidia's record last changed is simply old: refused without waiting.
    const old = await stack.post(
      cardClick(stack, lidia, 'reminder.snooze', { token: token(randomUUID(), 600) }),
    );
    assert.match(cardText((old.body as { value: unknown }).value), /expired/i);

    // A new card: Teams delivered it, the click comes back before the worker recorded the card.
    const cardId = randomUUID();
    const clicked = stack.post(cardClick(stack, lidia, 'reminder.snooze', { token: token(cardId, 0) }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await deps.repo.apply(waveId, user, { type: 'card-reissued', cardId }, 'bot');
    const response = await clicked;
    assert.doesNotMatch(cardText((response.body as { value: unknown }).value), /expired/i);
    assert.equal((await deps.repo.getUser(waveId, user))?.status, 'snoozed');
  });

  it('confirms the number on the right click, replaces the card, and tells the admins Alex is ready', async () => {
    const card = awarenessCardOf(stack, alex.aadObjectId)!;
    const confirm = cardActions(card.attachments).find((a) => a.verb === 'phone.confirm')!;
    const response = await stack.post(cardClick(stack, alex, 'phone.confirm', confirm.data, card.activityId));
    assert.equal(response.status, 200);
    const body = response.body as { statusCode: number; type: string; value: unknown };
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(body.value), /your number is confirmed/);
    assert.deepEqual(cardActions(body.value), [], 'the replacement card has no buttons to press again');

    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(waveId, alex.aadObjectId))?.status === 'ready',
      10_000,
      'Alex ready',
    );
    const digest = await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(adminChat)
          .find((a) => cardText(a.attachments).includes('MFA rollout: ready to enforce')),
      10_000,
      'digest card',
    );
    assert.match(cardText(digest.attachments), /AlexW@contoso\.onmicrosoft\.com/);

    const trail = (await stack.runtime.deps.audit.read({ waveId, userId: alex.aadObjectId }))
      .filter((e) => e.from)
      .map((e) => `${e.from}->${e.to}`);
    assert.deepEqual(trail, ['targeted->notified', 'notified->confirmed', 'confirmed->ready']);
  });

  it('answers a second click on the same card without a second transition', async () => {
    const card = awarenessCardOf(stack, alex.aadObjectId)!;
    const confirm = cardActions(card.attachments).find((a) => a.verb === 'phone.confirm')!;
    const response = await stack.post(cardClick(stack, alex, 'phone.confirm', confirm.data, card.activityId));
    assert.match(cardText((response.body as { value: unknown }).value), /your number is confirmed/);
    const confirms = (await stack.runtime.deps.audit.read({ waveId, userId: alex.aadObjectId })).filter(
      (e) => e.action === 'phone-confirmed',
    );
    assert.equal(confirms.length, 1);
  });
});
