import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { whereAdminPostsGo } from '../../../src/app/admin-posts';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { chatOf, nextSaid, said, say } from '../../support/chat';
import {
  cardActions,
  cardClick,
  cardText,
  channelCardClick,
  eventually,
  type Stack,
  startStack,
  type TeamsUser,
} from '../../support/stack';

/**
 * Where a wave's admin posts go (issue 8, items 6 and 8): the admin channel (ADMIN_CHANNEL_ID) for
 * helpdesk approvals, so an admin who corrects her own number is not asked to approve it herself
 * and a second admin can; the chat a wave was started from for its announcement; the last admin
 * chat when nothing else is known.
 */

const HELPDESK_CHANNEL = '19:mfa-helpdesk@thread.tacv2';
const adele: TeamsUser = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const megan: TeamsUser = { aadObjectId: SAMPLE_USERS.megan, name: 'Megan Bowen' };
const alex: TeamsUser = { aadObjectId: SAMPLE_USERS.alex, name: 'Alex Wilber' };

async function startPilot(stack: Stack): Promise<string> {
  await say(stack, adele, `wave start ${SAMPLE_GROUPS.pilot} Pilot`);
  const wave = await eventually(async () => (await stack.runtime.deps.repo.listWaves(1))[0], 10_000, 'wave');
  const size = stack.graph.state.transitiveUserIds(SAMPLE_GROUPS.pilot).length;
  await eventually(
    async () => {
      const counts = await stack.runtime.deps.repo.countByStatus(wave.id);
      return counts.targeted === 0 && counts.notified + counts['no-phone'] === size;
    },
    30_000,
    'every pilot user has a card',
  );
  return wave.id;
}

describe('helpdesk approvals in the admin channel (end to end)', () => {
  let stack: Stack;
  let waveId: string;

  before(async () => {
    stack = await startStack({
      env: { PHONE_CORRECTION_POLICY: 'approval', ADMIN_CHANNEL_ID: HELPDESK_CHANNEL },
    });
    waveId = await startPilot(stack);
  });
  after(() => stack.close());

  it('puts the number Adele corrects to the channel, refuses her own approval, and Megan approves it there', async () => {
    const { repo } = stack.runtime.deps;
    // The wave's own posts stay where Adele started it.
    await nextSaid(stack, adele, 0, /New MFA rollout wave announced/);

    const card = chatOf(stack, adele)
      .filter((a) => cardActions(a.attachments).some((action) => action.verb === 'phone.dispute'))
      .at(-1);
    assert.ok(card, 'Adele has her awareness card');
    const dispute = cardActions(card.attachments).find((a) => a.verb === 'phone.dispute')!;
    await stack.post(cardClick(stack, adele, 'phone.dispute', dispute.data));
    await nextSaid(stack, adele, 0, /type the mobile number/);
    /** The wave's digest as it stands in the chat it was posted to (updated in place). */
    const postedDigest = async () => {
      const activityId = await repo.digestActivity(waveId);
      const activity = chatOf(stack, adele).find((a) => a.activityId === activityId);
      return activity ? said(activity) : '';
    };
    // She takes her time: the digest has caught up with the dispute before she types the number.
    await eventually(
      async () => /says the number on file is wrong/.test(await postedDigest()),
      10_000,
      'the posted digest naming the dispute',
    );
    await say(stack, adele, '20 98 76 54');
    await nextSaid(stack, adele, 0, /You typed \+45 20 98 76 54/);
    await say(stack, adele, 'yes');
    await nextSaid(stack, adele, 0, /The helpdesk checks every new number before it is saved/);

    const approval = await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(HELPDESK_CHANNEL)
          .find((a) => cardText(a.attachments).includes('New mobile number to approve')),
      10_000,
      'the approval card in the admin channel',
    );
    assert.match(cardText(approval.attachments), /Adele Vance/);
    assert.ok(
      !chatOf(stack, adele).some((a) => cardText(a.attachments).includes('New mobile number to approve')),
      'the approval card is not in her own chat',
    );
    const approve = cardActions(approval.attachments).find((a) => a.verb === 'phone.approve')!;

    // The posted digest is refreshed too, without anybody asking for it.
    await eventually(
      async () => /1 user is waiting for the helpdesk to approve a new number/.test(await postedDigest()),
      10_000,
      'the posted digest naming the request waiting for the helpdesk',
    );

    // While the helpdesk has not decided, she and the admins read that, not "disputed".
    const asked = await say(stack, adele, 'my status');
    await nextSaid(stack, adele, asked, /Pilot: Waiting for the helpdesk to approve the new number\./);
    const digest = said(
      await nextSaid(stack, adele, await say(stack, adele, 'wave status'), /Needs your attention/),
    );
    assert.match(digest, /1 user is waiting for the helpdesk to approve a new number[\s\S]*Adele Vance/);
    assert.doesNotMatch(digest, /says the number on file is wrong/);

    // Four eyes: Adele is an admin, but not for her own number; the shared card stays as it is.
    const own = await stack.post(
      channelCardClick(stack, adele, HELPDESK_CHANNEL, 'phone.approve', approve.data, approval.activityId),
    );
    const ownBody = own.body as { type: string; value: unknown };
    assert.equal(ownBody.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(ownBody.value), /your own account: another admin has to decide/);
    assert.equal(stack.graph.state.phoneOf(adele.aadObjectId, 'mobile')?.phoneNumber, '+45 20123456');

    // Megan, the helpdesk, is the second admin of the sample tenant: she approves in the channel.
    const decided = await stack.post(
      channelCardClick(stack, megan, HELPDESK_CHANNEL, 'phone.approve', approve.data, approval.activityId),
    );
    const decidedBody = decided.body as { type: string; value: unknown };
    assert.equal(decidedBody.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(decidedBody.value), /Approved by Megan Bowen/);
    // The card in the channel shows the decision to every admin, and the new number only masked.
    const inChannel = stack.connector.transcript
      .activitiesIn(HELPDESK_CHANNEL)
      .find((a) => a.activityId === approval.activityId);
    assert.match(cardText(inChannel?.attachments), /Approved by Megan Bowen/);
    assert.doesNotMatch(cardText(inChannel?.attachments), /20 98 76 54/);
    assert.equal(stack.graph.state.phoneOf(adele.aadObjectId, 'mobile')?.phoneNumber, '+45 20987654');
    // She typed the number and said yes to it: once approved, one short final card, and she is ready.
    await nextSaid(stack, adele, 0, /The helpdesk approved your new number[\s\S]*\+45 •• •• •6 54/);
    await eventually(
      async () => (await repo.getUser(waveId, adele.aadObjectId))?.status === 'ready',
      10_000,
      'Adele ready',
    );
    const audit = await stack.runtime.deps.audit.read({ waveId, userId: adele.aadObjectId });
    assert.equal(audit.find((e) => e.action === 'phone-correction-approved')?.actor, megan.aadObjectId);
  });
});

describe('where admin posts go: the setting, then the last admin chat', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ startWorkers: false });
  });
  after(() => stack.close());

  it('knows no place before any admin wrote and without the setting', async () => {
    const { deps } = stack.runtime;
    assert.equal(await whereAdminPostsGo(deps, { purpose: 'wave' }), undefined);
    assert.equal(await whereAdminPostsGo(deps, { purpose: 'approval' }), undefined);
  });

  it('remembers where an admin last gave a command (not where a non-admin tried)', async () => {
    const { deps } = stack.runtime;
    await say(stack, alex, 'waves');
    assert.equal(await whereAdminPostsGo(deps, { purpose: 'wave' }), undefined, 'Alex is no admin');

    await say(stack, adele, 'waves');
    const place = await whereAdminPostsGo(deps, { purpose: 'wave' });
    assert.equal(place?.kind, 'last-admin-chat');
    assert.equal(place?.reference.conversation?.id, `a:chat-${adele.aadObjectId}`);
    assert.deepEqual(place?.kind === 'last-admin-chat' && place.admin, {
      id: adele.aadObjectId,
      name: 'Adele Vance',
    });
  });

  it('prefers the admin channel over the last admin chat, and the wave chat for its own posts', async () => {
    const withChannel = {
      ...stack.runtime.deps,
      config: { ...stack.runtime.deps.config, ADMIN_CHANNEL_ID: HELPDESK_CHANNEL },
    };
    const noChat = await whereAdminPostsGo(withChannel, { purpose: 'wave' });
    assert.equal(noChat?.kind, 'admin-channel');
    assert.equal(noChat?.reference.conversation?.id, HELPDESK_CHANNEL);
    assert.equal(noChat?.reference.serviceUrl, stack.config.TEAMS_SERVICE_URL);

    const waveChat = { conversation: { id: 'a:chat-of-the-wave' }, serviceUrl: stack.connector.url };
    const wave = { adminConversation: waveChat };
    assert.equal((await whereAdminPostsGo(withChannel, { purpose: 'wave', wave }))?.kind, 'wave-chat');
    // An approval must reach somebody other than whoever started the wave (maybe the one asking).
    assert.equal(
      (await whereAdminPostsGo(withChannel, { purpose: 'approval', wave }))?.kind,
      'admin-channel',
    );
    // Without the setting, the approval goes to the wave's chat, as before.
    assert.equal(
      (await whereAdminPostsGo(stack.runtime.deps, { purpose: 'approval', wave }))?.kind,
      'wave-chat',
    );
  });

  it('calls a wave stored with the admin channel (a CLI wave) the admin channel, as the start did', async () => {
    const withChannel = {
      ...stack.runtime.deps,
      config: { ...stack.runtime.deps.config, ADMIN_CHANNEL_ID: HELPDESK_CHANNEL },
    };
    const atStart = await whereAdminPostsGo(withChannel, { purpose: 'wave' });
    assert.equal(atStart?.kind, 'admin-channel');
    const wave = { adminConversation: atStart?.reference };
    const later = await whereAdminPostsGo(withChannel, { purpose: 'wave', wave });
    assert.deepEqual(later, atStart);
    // Started in a thread of the admin channel: still the admin channel, answered in that thread.
    const thread = { ...atStart?.reference, conversation: { id: `${HELPDESK_CHANNEL};messageid=17` } };
    const inThread = await whereAdminPostsGo(withChannel, {
      purpose: 'wave',
      wave: { adminConversation: thread },
    });
    assert.equal(inThread?.kind, 'admin-channel');
    assert.equal(inThread?.reference.conversation?.id, `${HELPDESK_CHANNEL};messageid=17`);
  });
});
