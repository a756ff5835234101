import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { confirmEnforcement } from '../../../src/app/confirm-enforcement';
import { previewEnforcement } from '../../../src/app/preview-enforcement';
import { postDigest } from '../../../src/app/report-ready';
import type { TranscriptActivity } from '../../../src/dev/connector-sim/types';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { signEnforceToken } from '../../../src/rollout/action-token';
import { nextSaid, say } from '../../support/chat';
import { seedWave } from '../../support/enforcement';
import {
  cardActions,
  cardText,
  channelCardClick,
  eventually,
  personalMessage,
  type Stack,
  startStack,
  type TeamsUser,
} from '../../support/stack';

/**
 * Enforcement from Teams (issue 10), through restify + CloudAdapter + both simulators + Redis +
 * BullMQ: the digest's Enforce → the preview → Confirm → (four eyes: the approval card, a second
 * admin's Approve) → the job → the digest says who is enforced; Undo from the digest, confirmed.
 */

const CHANNEL = '19:mfa-enforce-admins@thread.tacv2';
const ENFORCED = SAMPLE_GROUPS.enforcement;
const id = (n: number) => `0b4c2a1e-3d5f-4a60-8b71-0000000000${String(n).padStart(2, '0')}`;
const adele: TeamsUser = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const megan: TeamsUser = { aadObjectId: SAMPLE_USERS.megan, name: 'Megan Bowen' };
const alex: TeamsUser = { aadObjectId: SAMPLE_USERS.alex, name: 'Alex Wilber' };

type InvokeAnswer = { statusCode: number; type: string; value: unknown };

/** An Action.Execute click on a card in the admin channel, as Teams sends it. */
async function clickIn(
  stack: Stack,
  who: TeamsUser,
  verb: string,
  data: Record<string, unknown>,
  activityId: string,
): Promise<InvokeAnswer> {
  const response = await stack.post(channelCardClick(stack, who, CHANNEL, verb, data, activityId));
  assert.equal(response.status, 200);
  return response.body as InvokeAnswer;
}

function channelPosts(stack: Stack): readonly TranscriptActivity[] {
  return stack.connector.transcript.activitiesIn(CHANNEL);
}

/** The newest post in the channel that says `pattern` and has a button with `verb`, after `since`. */
async function postWith(stack: Stack, pattern: RegExp, verb: string, since = 0) {
  const post = await eventually(
    () =>
      channelPosts(stack)
        .slice(since)
        .filter(
          (a) =>
            pattern.test(cardText(a.attachments)) && cardActions(a.attachments).some((x) => x.verb === verb),
        )
        .at(-1),
    15_000,
    `a channel post matching ${pattern} with ${verb}`,
  );
  return { post, action: cardActions(post.attachments).find((x) => x.verb === verb)! };
}

/** The wave's digest as it stands now (one message, updated in place). */
async function digestText(stack: Stack, waveId: string): Promise<string> {
  const activityId = await stack.runtime.deps.repo.digestActivity(waveId);
  const digest = channelPosts(stack).find((a) => a.activityId === activityId);
  return digest ? cardText(digest.attachments) : '';
}

function isNotice(answer: InvokeAnswer, pattern: RegExp): void {
  assert.equal(answer.type, 'application/vnd.microsoft.activity.message', 'the card stays as it is');
  assert.match(String(answer.value), pattern);
}

describe('enforcement from Teams: digest → preview → confirm → enforced (mode ca-group)', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({
      env: { ENFORCEMENT_GROUP_ID: ENFORCED, ADMIN_CHANNEL_ID: CHANNEL, ENFORCE_APPROVAL_THRESHOLD: '2' },
    });
  });
  after(() => stack.close());

  it('previews who is enforced and who is held back, refuses a non-admin and a token of another purpose, then enforces on Confirm', async () => {
    const { deps } = stack.runtime;
    await seedWave(stack, 'w-small', {
      groupId: SAMPLE_GROUPS.pilot,
      phoneReady: [SAMPLE_USERS.alex, SAMPLE_USERS.isaiah, SAMPLE_USERS.lidia],
      noPhone: [SAMPLE_USERS.diego],
    });
    // Lidia confirmed her number, but it has been removed since: she has no usable method left.
    stack.graph.state.deletePhone(SAMPLE_USERS.lidia, 'mobile');
    await postDigest(deps, 'w-small');
    const { post: digest, action: enforce } = await postWith(stack, /ready to enforce/, 'wave.enforce');
    assert.equal(enforce.title, 'Enforce MFA for 3 users');

    // Alex is no admin: refused, nothing previewed, the digest stays.
    const before = channelPosts(stack).length;
    isNotice(
      await clickIn(stack, alex, 'wave.enforce', enforce.data, digest.activityId),
      /Only rollout admins/,
    );
    assert.equal(channelPosts(stack).length, before, 'no preview for a non-admin');

    // Adele: the preview comes below the digest, which stays as it is.
    isNotice(
      await clickIn(stack, adele, 'wave.enforce', enforce.data, digest.activityId),
      /The preview is in this conversation/,
    );
    const { post: preview, action: confirm } = await postWith(
      stack,
      /who is included/,
      'enforce.confirm',
      before,
    );
    const text = cardText(preview.attachments);
    assert.match(text, /2 users will be enforced/);
    assert.match(text, /Alex Wilber[\s\S]*Isaiah Langer/);
    assert.match(text, /1 user is held back/);
    assert.match(
      text,
      /No usable sign-in method: no confirmed phone, no Authenticator app or passkey \(1 user\)\s+Lidia Holloway/,
    );
    assert.doesNotMatch(text, /Diego Siciliani/, 'not ready: not part of the plan');
    assert.doesNotMatch(text, /second rollout admin/, 'not over the threshold of 2');
    assert.equal(confirm.title, 'Enforce MFA for 2 users');

    // A token of another purpose never works: the digest's on Confirm, the preview's on Approve.
    isNotice(
      await clickIn(stack, adele, 'enforce.confirm', enforce.data, preview.activityId),
      /Nothing was changed/,
    );
    isNotice(
      await clickIn(stack, megan, 'enforce.approve', confirm.data, preview.activityId),
      /Nothing was changed/,
    );
    // A forged one neither.
    const forged = { token: `${String(confirm.data.token).slice(0, -4)}AAAA` };
    isNotice(
      await clickIn(stack, adele, 'enforce.confirm', forged, preview.activityId),
      /Nothing was changed/,
    );
    // An expired digest button says where a fresh one is; an expired preview says to preview again.
    const past = Math.floor(Date.now() / 1000) - 1;
    const secret = stack.config.ACTION_TOKEN_SECRET;
    const staleDigest = {
      token: signEnforceToken({ subject: 'w-small', exp: past }, secret, 'enforce-wave'),
    };
    isNotice(
      await clickIn(stack, adele, 'wave.enforce', staleDigest, digest.activityId),
      /Write "wave status"/,
    );
    const stalePlan = {
      token: signEnforceToken({ subject: 'any-plan', exp: past }, secret, 'enforce-preview'),
    };
    isNotice(
      await clickIn(stack, adele, 'enforce.confirm', stalePlan, preview.activityId),
      /plan has expired\. Click Enforce on the digest/,
    );
    // And a non-admin's Confirm with the right token.
    isNotice(
      await clickIn(stack, alex, 'enforce.confirm', confirm.data, preview.activityId),
      /Only rollout admins/,
    );
    assert.deepEqual(stack.graph.state.directMemberIds(ENFORCED), []);

    const confirmed = await clickIn(stack, adele, 'enforce.confirm', confirm.data, preview.activityId);
    assert.equal(confirmed.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(confirmed.value), /Confirmed by Adele Vance/);
    assert.deepEqual(cardActions(confirmed.value), [], 'no button left to press twice');

    await eventually(
      async () => (await deps.repo.countByStatus('w-small')).enforced === 2,
      20_000,
      'both users enforced',
    );
    assert.deepEqual(
      [...stack.graph.state.directMemberIds(ENFORCED)].sort(),
      [SAMPLE_USERS.alex, SAMPLE_USERS.isaiah].sort(),
    );
    assert.equal((await deps.repo.getUser('w-small', SAMPLE_USERS.lidia))?.status, 'ready');
    // The digest, refreshed by the job: how many are enforced, and Undo.
    await eventually(
      async () => /2 users enforced\./.test(await digestText(stack, 'w-small')),
      15_000,
      'digest says enforced',
    );
    // …and whom the plan held back, by gate.
    assert.match(await digestText(stack, 'w-small'), /1 user held back:/);
    const refreshed = channelPosts(stack).find((a) => a.activityId === digest.activityId)!;
    assert.ok(cardActions(refreshed.attachments).some((a) => a.verb === 'wave.undo'));

    // "wave status" answers with the same digest and fresh buttons (for when the posted one expired).
    const asked = await stack.post(personalMessage(stack, adele, 'wave status w-small'));
    assert.equal(asked.status, 200);
    const status = await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(`a:chat-${adele.aadObjectId}`)
          .find((a) => /2 users enforced\./.test(cardText(a.attachments))),
      10_000,
      'the status card',
    );
    // Lidia is still ready (held back, not enforced): Enforce for her, and Undo for the two.
    assert.deepEqual(
      cardActions(status.attachments).map((a) => [a.verb, a.title]),
      [
        ['wave.enforce', 'Enforce MFA for 1 user'],
        ['wave.undo', 'Undo enforcement'],
      ],
    );

    // Confirm again (a second client's copy of the card): already started, nothing changes.
    isNotice(
      await clickIn(stack, adele, 'enforce.confirm', confirm.data, preview.activityId),
      /already started/,
    );
  });

  it('four eyes: over the threshold the approval card goes to the channel; the requester cannot approve, another admin can', async () => {
    const { deps } = stack.runtime;
    await seedWave(stack, 'w-big', { groupId: SAMPLE_GROUPS.allStaff, phoneReady: [id(11), id(12), id(13)] });
    await postDigest(deps, 'w-big');
    const { post: digest, action: enforce } = await postWith(
      stack,
      /Enforce MFA for 3 users/,
      'wave.enforce',
    );
    const since = channelPosts(stack).length;
    await clickIn(stack, adele, 'wave.enforce', enforce.data, digest.activityId);
    const { post: preview, action: confirm } = await postWith(
      stack,
      /who is included/,
      'enforce.confirm',
      since,
    );
    assert.match(
      cardText(preview.attachments),
      /More than 2 users at once: after you confirm, a second rollout admin approves it/,
    );

    const waiting = await clickIn(stack, adele, 'enforce.confirm', confirm.data, preview.activityId);
    assert.match(cardText(waiting.value), /Waiting for a second admin/);
    const { post: approval, action: approve } = await postWith(
      stack,
      /a second admin must approve/,
      'enforce.approve',
      since,
    );
    assert.match(
      cardText(approval.attachments),
      /Adele Vance asks to enforce MFA for 3 users, more than 2 at once/,
    );

    // Her Confirm on a second copy of the preview: still waiting, and no second approval card.
    const again = await clickIn(stack, adele, 'enforce.confirm', confirm.data, preview.activityId);
    assert.match(cardText(again.value), /Waiting for a second admin/);
    assert.equal(
      channelPosts(stack).filter((a) => /a second admin must approve/.test(cardText(a.attachments))).length,
      1,
      'one approval card',
    );

    // Adele asked: she cannot approve. Alex is no admin. Nothing has changed.
    isNotice(
      await clickIn(stack, adele, 'enforce.approve', approve.data, approval.activityId),
      /you cannot approve it/,
    );
    isNotice(
      await clickIn(stack, alex, 'enforce.approve', approve.data, approval.activityId),
      /Only rollout admins/,
    );
    assert.equal((await deps.repo.countByStatus('w-big')).enforced ?? 0, 0);

    const approved = await clickIn(stack, megan, 'enforce.approve', approve.data, approval.activityId);
    assert.match(cardText(approved.value), /Approved by Megan Bowen/);
    // Every admin in the channel sees the decision, not only Megan.
    const inChannel = channelPosts(stack).find((a) => a.activityId === approval.activityId);
    assert.match(cardText(inChannel?.attachments), /Approved by Megan Bowen/);
    // Adele's preview, which said it was waiting, says so too.
    await eventually(
      () =>
        /Approved by Megan Bowen/.test(
          cardText(channelPosts(stack).find((a) => a.activityId === preview.activityId)?.attachments),
        ),
      10_000,
      "the requester's preview updated",
    );
    await eventually(
      async () => (await deps.repo.countByStatus('w-big')).enforced === 3,
      20_000,
      'the three users enforced',
    );
    const audit = await deps.audit.read({ waveId: 'w-big' });
    assert.ok(audit.some((e) => e.action === 'card-action-refused' && e.detail === 'same-admin'));
  });
  it('undoes the wave from the digest after a confirmation: out of the CA group, back to ready, the digest says so', async () => {
    const { deps } = stack.runtime;
    const digestId = (await deps.repo.digestActivity('w-small'))!;
    const digest = channelPosts(stack).find((a) => a.activityId === digestId)!;
    const undoAction = cardActions(digest.attachments).find((a) => a.verb === 'wave.undo')!;
    assert.equal(undoAction.title, 'Undo enforcement');

    const before = channelPosts(stack).length;
    isNotice(await clickIn(stack, alex, 'wave.undo', undoAction.data, digestId), /Only rollout admins/);
    assert.equal(channelPosts(stack).length, before, 'no confirmation for a non-admin');
    isNotice(
      await clickIn(stack, adele, 'wave.undo', undoAction.data, digestId),
      /undo confirmation is in this conversation/,
    );
    const { post: confirmation, action: undo } = await postWith(
      stack,
      /Undo enforcement/,
      'enforce.undo',
      before,
    );
    assert.match(cardText(confirmation.attachments), /2 users of this wave are enforced/);
    assert.equal(undo.title, 'Undo for 2 users');
    // Asking changed nothing; the digest's token does not undo by itself.
    assert.equal((await deps.repo.countByStatus('w-small')).enforced, 2);
    isNotice(
      await clickIn(stack, adele, 'enforce.undo', undoAction.data, confirmation.activityId),
      /Nothing was changed/,
    );
    isNotice(
      await clickIn(stack, alex, 'enforce.undo', undo.data, confirmation.activityId),
      /Only rollout admins/,
    );
    assert.equal((await deps.repo.countByStatus('w-small')).enforced, 2);

    // Any admin may undo (no four eyes to get back to safety).
    const undone = await clickIn(stack, megan, 'enforce.undo', undo.data, confirmation.activityId);
    assert.match(cardText(undone.value), /Undone by Megan Bowen: 2 users are back as before\./);
    assert.deepEqual(cardActions(undone.value), []);
    for (const user of [SAMPLE_USERS.alex, SAMPLE_USERS.isaiah]) {
      assert.equal(stack.graph.state.isDirectMember(ENFORCED, user), false, `${user} out of the CA group`);
    }
    for (const user of [SAMPLE_USERS.alex, SAMPLE_USERS.isaiah]) {
      assert.equal((await deps.repo.getUser('w-small', user))?.status, 'ready');
    }
    await eventually(
      async () => {
        const text = await digestText(stack, 'w-small');
        return !/users? enforced\./.test(text) && /Enforce MFA for 3 users/.test(text);
      },
      15_000,
      'the digest without enforced users, offering Enforce again',
    );
    const after = channelPosts(stack).find((a) => a.activityId === digestId)!;
    assert.ok(!cardActions(after.attachments).some((a) => a.verb === 'wave.undo'), 'no Undo left');
    const audit = await deps.audit.read({ waveId: 'w-small' });
    assert.ok(audit.some((e) => e.action === 'enforce-undo' && e.actor === megan.aadObjectId));

    // Undo again from the old confirmation: nothing left to undo.
    isNotice(
      await clickIn(stack, megan, 'enforce.undo', undo.data, confirmation.activityId),
      /nothing to undo/,
    );
  });
});

describe('enforcement from Teams after Microsoft-provided SMS and voice retired', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({
      env: {
        ENFORCEMENT_GROUP_ID: ENFORCED,
        ADMIN_CHANNEL_ID: CHANNEL,
        // The retirement day has passed (the tenant runs no telecom provider of its own).
        SMS_VOICE_RETIREMENT_DATE: '2026-01-01',
      },
    });
  });
  after(() => stack.close());

  it('the digest lists phone-only users as needing Authenticator or a passkey, offers only the others, and the preview holds them back', async () => {
    const { deps } = stack.runtime;
    await seedWave(stack, 'w-late', {
      groupId: SAMPLE_GROUPS.pilot,
      phoneReady: [SAMPLE_USERS.alex],
      strongReady: [SAMPLE_USERS.isaiah],
    });
    await postDigest(deps, 'w-late');
    const { post: digest, action: enforce } = await postWith(stack, /ready to enforce/, 'wave.enforce');
    const text = cardText(digest.attachments);
    assert.match(text, /1 user needs Authenticator or a passkey/);
    assert.match(text, /Alex Wilber/);
    assert.equal(enforce.title, 'Enforce MFA for 1 user', 'only Isaiah, who has a strong method');

    const since = channelPosts(stack).length;
    await clickIn(stack, adele, 'wave.enforce', enforce.data, digest.activityId);
    const { post: preview } = await postWith(stack, /who is included/, 'enforce.confirm', since);
    const previewText = cardText(preview.attachments);
    assert.match(previewText, /1 user will be enforced\s+Isaiah Langer/);
    assert.match(
      previewText,
      /1 user is held back\s+Needs Authenticator or passkey[^\n]* \(1 user\)\s+Alex Wilber/,
    );
  });

  it('a client without Universal Actions (Action.Submit) gets the preview as a message too', async () => {
    const { action: enforce } = await postWith(stack, /ready to enforce/, 'wave.enforce');
    const chat = `a:chat-${adele.aadObjectId}`;
    const submit = {
      ...personalMessage(stack, adele, ''),
      text: undefined,
      value: { verb: 'wave.enforce', token: enforce.data.token },
    };
    assert.equal((await stack.post(submit)).status, 200);
    const preview = await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(chat)
          .find((a) => /who is included/.test(cardText(a.attachments))),
      10_000,
      'the preview in her chat',
    );
    assert.ok(cardActions(preview.attachments).some((a) => a.verb === 'enforce.confirm'));
  });
});

describe('enforcement from Teams in report-only mode', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { ENFORCEMENT_MODE: 'report-only', ADMIN_CHANNEL_ID: CHANNEL } });
  });
  after(() => stack.close());

  it('previews and confirms as usual, writes nothing, and the digest says what would have been enforced', async () => {
    const { deps } = stack.runtime;
    await seedWave(stack, 'w-rehearsal', { groupId: SAMPLE_GROUPS.pilot, phoneReady: [SAMPLE_USERS.alex] });
    await postDigest(deps, 'w-rehearsal');
    const { post: digest, action: enforce } = await postWith(stack, /ready to enforce/, 'wave.enforce');
    const since = channelPosts(stack).length;
    await clickIn(stack, adele, 'wave.enforce', enforce.data, digest.activityId);
    const { post: preview, action: confirm } = await postWith(
      stack,
      /who is included/,
      'enforce.confirm',
      since,
    );
    assert.match(cardText(preview.attachments), /Report only: records who would be enforced/);
    await clickIn(stack, adele, 'enforce.confirm', confirm.data, preview.activityId);
    await eventually(
      async () =>
        /The last run was report only: 1 user would have been enforced/.test(
          await digestText(stack, 'w-rehearsal'),
        ),
      20_000,
      'the digest reporting the rehearsal',
    );
    assert.equal((await deps.repo.getUser('w-rehearsal', SAMPLE_USERS.alex))?.status, 'ready');
    assert.deepEqual(stack.graph.state.directMemberIds(ENFORCED), []);
  });
});

describe('enforcement from Teams in per-user mode', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { ENFORCEMENT_MODE: 'per-user', ADMIN_CHANNEL_ID: CHANNEL } });
  });
  after(() => stack.close());

  it('enforces per-user MFA on Confirm, and Undo puts back the state each user had before', async () => {
    const { deps } = stack.runtime;
    const { state } = stack.graph;
    state.setPerUserMfaState(SAMPLE_USERS.alex, 'enabled');
    state.setPerUserMfaState(SAMPLE_USERS.isaiah, 'disabled');
    await seedWave(stack, 'w-legacy', {
      groupId: SAMPLE_GROUPS.pilot,
      phoneReady: [SAMPLE_USERS.alex, SAMPLE_USERS.isaiah],
    });
    await postDigest(deps, 'w-legacy');
    const { post: digest, action: enforce } = await postWith(stack, /ready to enforce/, 'wave.enforce');
    const since = channelPosts(stack).length;
    await clickIn(stack, adele, 'wave.enforce', enforce.data, digest.activityId);
    const { post: preview, action: confirm } = await postWith(
      stack,
      /who is included/,
      'enforce.confirm',
      since,
    );
    assert.match(cardText(preview.attachments), /Sets each user's per-user MFA to enforced/);
    await clickIn(stack, adele, 'enforce.confirm', confirm.data, preview.activityId);
    await eventually(
      async () => (await deps.repo.countByStatus('w-legacy')).enforced === 2,
      20_000,
      'both enforced',
    );
    assert.equal(state.perUserMfaState(SAMPLE_USERS.alex), 'enforced');
    assert.equal(state.perUserMfaState(SAMPLE_USERS.isaiah), 'enforced');

    const { action: undoAsk } = await postWith(stack, /users enforced\./, 'wave.undo');
    const before = channelPosts(stack).length;
    await clickIn(stack, megan, 'wave.undo', undoAsk.data, digest.activityId);
    const { post: confirmation, action: undo } = await postWith(
      stack,
      /Undo enforcement/,
      'enforce.undo',
      before,
    );
    assert.match(cardText(confirmation.attachments), /per-user MFA/);
    const undone = await clickIn(stack, megan, 'enforce.undo', undo.data, confirmation.activityId);
    assert.match(cardText(undone.value), /2 users are back as before/);
    assert.equal(state.perUserMfaState(SAMPLE_USERS.alex), 'enabled');
    assert.equal(state.perUserMfaState(SAMPLE_USERS.isaiah), 'disabled');
  });
});

describe('undoing one user from the chat: wave undo <wave> <user>', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { ENFORCEMENT_GROUP_ID: ENFORCED, ADMIN_CHANNEL_ID: CHANNEL } });
  });
  after(() => stack.close());

  it('puts back only that user, found by id or user name; refuses non-admins; says when there is nothing to undo', async () => {
    const { deps } = stack.runtime;
    await seedWave(stack, 'w-one', {
      groupId: SAMPLE_GROUPS.pilot,
      phoneReady: [SAMPLE_USERS.alex, SAMPLE_USERS.isaiah],
    });
    const preview = await previewEnforcement(deps, 'w-one', { id: adele.aadObjectId, name: adele.name });
    assert.ok(preview.ok, JSON.stringify(preview));
    assert.equal(
      (await confirmEnforcement(deps, preview.plan.id, { id: adele.aadObjectId, name: adele.name })).status,
      'started',
    );
    await eventually(
      async () => (await deps.repo.countByStatus('w-one')).enforced === 2,
      20_000,
      'both enforced',
    );

    let since = await say(stack, alex, `wave undo w-one ${SAMPLE_USERS.alex}`);
    await nextSaid(stack, alex, since, /For rollout admins only/);
    assert.equal((await deps.repo.getUser('w-one', SAMPLE_USERS.alex))?.status, 'enforced');

    since = await say(stack, adele, 'wave undo w-one');
    await nextSaid(stack, adele, since, /How to undo one user's enforcement/);
    since = await say(stack, adele, `wave undo w-unknown ${SAMPLE_USERS.alex}`);
    await nextSaid(stack, adele, since, /No wave with that id/);
    since = await say(stack, adele, 'wave undo w-one nobody@contoso.onmicrosoft.com');
    await nextSaid(stack, adele, since, /nobody@contoso\.onmicrosoft\.com is not a user of the wave/);

    since = await say(stack, adele, 'wave undo w-one AlexW@contoso.onmicrosoft.com');
    await nextSaid(stack, adele, since, /Enforcement undone[\s\S]*Alex Wilber is back as before/);
    assert.equal(stack.graph.state.isDirectMember(ENFORCED, SAMPLE_USERS.alex), false);
    assert.equal(stack.graph.state.isDirectMember(ENFORCED, SAMPLE_USERS.isaiah), true, 'the other stays');
    assert.equal((await deps.repo.getUser('w-one', SAMPLE_USERS.alex))?.status, 'ready');
    assert.equal((await deps.repo.getUser('w-one', SAMPLE_USERS.isaiah))?.status, 'enforced');
    const audit = await deps.audit.read({ waveId: 'w-one' });
    assert.ok(audit.some((e) => e.action === 'enforce-undo' && e.actor === adele.aadObjectId));

    since = await say(stack, adele, `wave undo w-one ${SAMPLE_USERS.alex}`);
    await nextSaid(stack, adele, since, /Alex Wilber is not enforced in the wave/);
  });
});
