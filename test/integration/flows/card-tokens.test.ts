import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { chatOf, click, newestCardWith, nextSaid, say } from '../../support/chat';
import {
  cardActions,
  cardText,
  channelCardClick,
  eventually,
  type Stack,
  startStack,
  type TeamsUser,
} from '../../support/stack';

/**
 * A card's token is bound to its purpose: the user's awareness card, the helpdesk's approval card and
 * the phone dialog's Yes / No each sign their own kind, and a verb takes only its own. A token copied
 * from one card and sent with another card's verb is refused and changes nothing, whoever sends it.
 */
const HELPDESK_CHANNEL = '19:mfa-helpdesk@thread.tacv2';
const adele: TeamsUser = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const megan: TeamsUser = { aadObjectId: SAMPLE_USERS.megan, name: 'Megan Bowen' };
const lidia: TeamsUser = { aadObjectId: SAMPLE_USERS.lidia, name: 'Lidia Holloway' };

describe('card tokens are bound to their purpose (restify + CloudAdapter + simulators + Redis + BullMQ)', () => {
  let stack: Stack;
  let waveId: string;
  let awarenessToken: string;
  let answerToken: string;
  let approvalToken: string;
  let approvalActivityId: string;

  const refusals = async () =>
    (await stack.runtime.deps.audit.read({}, 10_000)).filter((e) => e.action === 'card-action-refused');

  before(async () => {
    stack = await startStack({
      env: { PHONE_CORRECTION_POLICY: 'approval', ADMIN_CHANNEL_ID: HELPDESK_CHANNEL },
    });
    await say(stack, adele, `wave start ${SAMPLE_GROUPS.pilot} Pilot`);
    const wave = await eventually(
      async () => (await stack.runtime.deps.repo.listWaves(1))[0],
      20_000,
      'wave',
    );
    waveId = wave.id;
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(waveId, lidia.aadObjectId))?.status === 'notified',
      30_000,
      "Lidia's card",
    );
    awarenessToken = newestCardWith(stack, lidia, 'phone.confirm').action.data.token as string;
    // Lidia says her number is wrong and types a new one: the dialog asks Yes / No on a card of its own.
    await click(stack, lidia, 'phone.dispute', newestCardWith(stack, lidia, 'phone.dispute').action.data);
    await say(stack, lidia, '06 12 34 56 99');
    await nextSaid(stack, lidia, 0, /Is that right\?/);
    answerToken = newestCardWith(stack, lidia, 'phone.number.yes').action.data.token as string;
    await click(stack, lidia, 'phone.number.yes', { token: answerToken });
    const approval = await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(HELPDESK_CHANNEL)
          .find((a) => cardText(a.attachments).includes('New mobile number to approve')),
      15_000,
      'the approval card',
    );
    approvalActivityId = approval.activityId;
    approvalToken = cardActions(approval.attachments).find((a) => a.verb === 'phone.approve')!.data
      .token as string;
  });
  after(() => stack.close());

  it('refuses an awareness or Yes / No token as an approval, even from an admin in the channel', async () => {
    const phoneBefore = stack.graph.state.phoneOf(lidia.aadObjectId, 'mobile')?.phoneNumber;
    for (const token of [awarenessToken, answerToken]) {
      const response = await stack.post(
        channelCardClick(stack, megan, HELPDESK_CHANNEL, 'phone.approve', { token }, approvalActivityId),
      );
      const body = response.body as { type: string; value: unknown };
      // A shared card stays as it is; only the clicker reads why.
      assert.equal(body.type, 'application/vnd.microsoft.activity.message');
    }
    assert.equal(
      stack.graph.state.phoneOf(lidia.aadObjectId, 'mobile')?.phoneNumber,
      phoneBefore,
      'nothing written',
    );
    assert.equal((await stack.runtime.deps.repo.getUser(waveId, lidia.aadObjectId))?.status, 'disputed');
    assert.deepEqual(
      (await refusals()).filter((e) => e.actor === megan.aadObjectId).map((e) => e.detail),
      ['bad-signature', 'bad-signature'],
    );
  });

  it("refuses an approval or Yes / No token on the user's own card verbs, from the user herself", async () => {
    const before = await stack.runtime.deps.repo.getUser(waveId, lidia.aadObjectId);
    for (const token of [approvalToken, answerToken]) {
      const answer = await click(stack, lidia, 'phone.confirm', { token });
      assert.match(cardText(answer.value), /could not be checked|can't be used|not valid/i);
    }
    const refused = await click(stack, lidia, 'phone.number.no', { token: approvalToken });
    assert.match(cardText(refused.value), /could not be checked|can't be used|not valid/i);
    assert.deepEqual(await stack.runtime.deps.repo.getUser(waveId, lidia.aadObjectId), before, 'no change');
    assert.deepEqual(
      (await refusals()).filter((e) => e.actor === lidia.aadObjectId).map((e) => e.detail),
      ['bad-signature', 'bad-signature', 'bad-signature'],
    );
  });

  it('takes each token for its own verb: the helpdesk approves with the approval token', async () => {
    const response = await stack.post(
      channelCardClick(
        stack,
        megan,
        HELPDESK_CHANNEL,
        'phone.approve',
        { token: approvalToken },
        approvalActivityId,
      ),
    );
    assert.match(cardText((response.body as { value: unknown }).value), /Approved by Megan Bowen/);
    assert.equal(stack.graph.state.phoneOf(lidia.aadObjectId, 'mobile')?.phoneNumber, '+33 612345699');
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(waveId, lidia.aadObjectId))?.status === 'ready',
      10_000,
      'Lidia ready',
    );
    assert.ok(
      chatOf(stack, lidia.aadObjectId).some((a) => /helpdesk approved/i.test(cardText(a.attachments))),
    );
  });
});
