import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWave } from '../../../src/app/start-wave';
import { SAMPLE_GROUPS, SAMPLE_TENANT_ID, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { chatOf, said } from '../../support/chat';
import {
  eventually,
  personalChatOpened,
  personalInstall,
  type Stack,
  startStack,
  type TeamsUser,
} from '../../support/stack';

/**
 * The first time somebody installs the app or opens the personal chat (the Agents Playground does
 * both when its page loads), the bot says who it is and what to type; once per user, remembered in
 * Redis, so a reload or a reinstall says nothing again.
 */

const adele: TeamsUser = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const anders: TeamsUser = { aadObjectId: '0b4c2a1e-3d5f-4a60-8b71-000000000011', name: 'Anders Lund' };
const lena: TeamsUser = { aadObjectId: '0b4c2a1e-3d5f-4a60-8b71-000000000014', name: 'Lena Fischer' };
const alex: TeamsUser = { aadObjectId: SAMPLE_USERS.alex, name: 'Alex Wilber' };

describe('the bot greets each user once, in the personal chat', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  async function send(activity: Record<string, unknown>): Promise<void> {
    assert.equal((await stack.post(activity)).status, 200);
  }

  it('greets a user on install: who it is, what it will send, and "help" / "my status"', async () => {
    await send(personalInstall(stack, anders));
    // The Playground sends a conversationUpdate right after: no second greeting.
    await send(personalChatOpened(stack, anders));
    const chat = chatOf(stack, anders);
    assert.equal(chat.length, 1, 'one greeting');
    const text = said(chat[0]!);
    assert.match(text, /Contoso/);
    assert.match(text, /multifactor authentication \(MFA\)/);
    assert.match(text, /send you a card here/);
    assert.match(text, /Write "help" to see what you can ask me, or "my status" to see where you stand\./);
    assert.match(text, /never ask you for a sign-in code or your password/);
    assert.doesNotMatch(text, /wave start/, 'no admin commands for everybody');
  });

  it('does not greet again when the chat is opened again or the app installed again', async () => {
    await send(personalChatOpened(stack, anders));
    await send(personalInstall(stack, anders));
    assert.equal(chatOf(stack, anders).length, 1);
  });

  it('tells an admin the commands to start a wave with', async () => {
    await send(personalChatOpened(stack, adele));
    const [greeting] = chatOf(stack, adele);
    assert.ok(greeting, 'Adele is greeted');
    assert.match(said(greeting), /wave start <Entra group id> \[name\]/);
    assert.match(said(greeting), /wave status/);
  });

  it('greets in the language of the client, with the words that language types', async () => {
    await send({ ...personalInstall(stack, lena), locale: 'de-DE' });
    const [greeting] = chatOf(stack, lena);
    assert.ok(greeting);
    assert.match(said(greeting), /Schreiben Sie "Hilfe"/);
    assert.match(said(greeting), /"mein Status"/);
  });

  it('says nothing in a channel or group chat, nor to a user whose awareness card is their introduction', async () => {
    const channel = '19:some-team-channel@thread.tacv2';
    await send({
      ...personalChatOpened(stack, adele, channel),
      conversation: { id: channel, conversationType: 'channel', isGroup: true, tenantId: SAMPLE_TENANT_ID },
    });
    assert.equal(stack.connector.transcript.activitiesIn(channel).length, 0);

    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      name: 'Pilot',
      createdBy: { id: 'cli:ops', name: 'ops' },
    });
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(wave.id, alex.aadObjectId))?.status === 'notified',
      20_000,
      "Alex's card",
    );
    const before = chatOf(stack, alex).length;
    await send(personalInstall(stack, alex));
    await send(personalChatOpened(stack, alex));
    assert.equal(chatOf(stack, alex).length, before, 'no greeting next to his card');
  });
});
