import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import {
  cardActions,
  cardText,
  eventually,
  personalMessage,
  type Stack,
  startStack,
} from '../../support/stack';

const adele = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const adminChat = `a:chat-${adele.aadObjectId}`;

/** The lines of a digest that name a person: "Name · sign-in name[ · reason]". */
function personLines(card: unknown): string[] {
  const lines: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'RichTextBlock' && Array.isArray(record.inlines) && record.inlines.length > 1) {
        lines.push((record.inlines as Array<{ text: string }>).map((run) => run.text).join(''));
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return lines;
}

describe('the admin digest names who needs attention (restify + CloudAdapter + simulators + Redis + BullMQ)', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack();
    // Lidia blocked the bot: Teams answers 403 to every send to her.
    stack.connector.faults.blockUser(SAMPLE_USERS.lidia);
  });
  after(() => stack.close());

  it('posts a digest naming the unreachable user with the reason in words, and the user without a phone', async () => {
    const response = await stack.post(
      personalMessage(stack, adele, `wave start ${SAMPLE_GROUPS.pilot} Pilot`),
    );
    assert.equal(response.status, 200);
    const [wave] = await eventually(async () => {
      const waves = await stack.runtime.deps.repo.listWaves(1);
      return waves.length > 0 && waves;
    });
    // Expanded first (an expanding wave has nobody targeted yet), then every card settled.
    await eventually(
      async () => (await stack.runtime.deps.repo.getWave(wave!.id))?.status === 'active',
      30_000,
      'the wave expanded',
    );
    await eventually(
      async () => (await stack.runtime.deps.repo.countByStatus(wave!.id)).targeted === 0,
      30_000,
      'every pilot user sent or given up on',
    );
    // Diego has no preloaded number in the sample tenant; Lidia is unreachable.
    assert.equal((await stack.runtime.deps.repo.getUser(wave!.id, SAMPLE_USERS.diego))?.status, 'no-phone');
    assert.equal((await stack.runtime.deps.repo.getUser(wave!.id, SAMPLE_USERS.lidia))?.reason, 'blocked');

    // The digest is posted once and then updated in place; wait for the version that names both.
    const digest = await eventually(
      () =>
        stack.connector.transcript.activitiesIn(adminChat).find((activity) => {
          const lines = personLines(activity.attachments);
          return (
            lines.includes('Lidia Holloway · LidiaH@contoso.onmicrosoft.com · Blocked the bot') &&
            lines.includes('Diego Siciliani · DiegoS@contoso.onmicrosoft.com')
          );
        }),
      20_000,
      'a digest naming Lidia (blocked the bot) and Diego (no phone)',
    );
    const text = cardText(digest.attachments);
    assert.match(text, /1 user could not be reached/);
    assert.match(text, /1 user has no mobile number on file/);
    // Nobody confirmed yet: the digest says so, without the "ready to enforce" title or button.
    assert.match(text, /Nobody is ready to enforce yet\./);
    assert.doesNotMatch(text, /MFA rollout: ready to enforce/);
    assert.deepEqual(cardActions(digest.attachments), []);
    assert.ok(!JSON.stringify(digest.attachments).includes('${'), 'no unbound template expression');
    const digests = stack.connector.transcript
      .activitiesIn(adminChat)
      .filter((activity) => cardText(activity.attachments).includes('MFA rollout status'));
    assert.equal(digests.length, 1, 'one digest message, updated in place');
  });

  it('answers "wave status" with the same names and reasons', async () => {
    const before = stack.connector.transcript.activitiesIn(adminChat).length;
    const response = await stack.post(personalMessage(stack, adele, 'wave status'));
    assert.equal(response.status, 200);
    const reply = await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(adminChat)
          .slice(before)
          .find((activity) => cardText(activity.attachments).includes('MFA rollout status')),
      10_000,
      'the status card',
    );
    const lines = personLines(reply.attachments);
    assert.ok(
      lines.includes('Lidia Holloway · LidiaH@contoso.onmicrosoft.com · Blocked the bot'),
      lines.join('\n'),
    );
    assert.ok(lines.includes('Diego Siciliani · DiegoS@contoso.onmicrosoft.com'), lines.join('\n'));
  });
});
