import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWave } from '../../../src/app/start-wave';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
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

const alex = { aadObjectId: SAMPLE_USERS.alex, name: 'Alex Wilber' };
const adele = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
/** Megan Bowen (pilot, en-US): a chat of her own, so the questions to Alex do not use up its rate limit. */
const megan = { aadObjectId: '0b4c2a1e-3d5f-4a60-8b71-000000000006', name: 'Megan Bowen' };
/** People outside the pilot, each with a chat of their own (Teams allows 7 messages a second per chat). */
const anders = { aadObjectId: '0b4c2a1e-3d5f-4a60-8b71-000000000011', name: 'Anders Lund' };
const lena = { aadObjectId: '0b4c2a1e-3d5f-4a60-8b71-000000000014', name: 'Lena Fischer' };

describe('chat: help, my status, admin usage, questions during the phone dialog', () => {
  let stack: Stack;

  /** Sends a 1:1 message and returns the text of the bot's replies to it. */
  async function ask(
    user: TeamsUser,
    text: string,
    locale = 'en-US',
    chat = `a:chat-${user.aadObjectId}`,
  ): Promise<string[]> {
    const before = stack.connector.transcript.activitiesIn(chat).length;
    const activity = { ...personalMessage(stack, user, text, chat), locale };
    const response = await stack.post(activity);
    assert.equal(response.status, 200);
    // Replies inside the turn are sent before the HTTP response returns.
    return stack.connector.transcript
      .activitiesIn(chat)
      .slice(before)
      .map((a) => cardText(a.attachments) || (a.text ?? ''));
  }

  before(async () => {
    stack = await startStack({ env: { PHONE_CORRECTION_POLICY: 'self-service' } });
  });
  after(() => stack.close());

  it('answers "what is MFA?" in the language it was asked in, with the never-ask-for-codes line', async () => {
    const [reply] = await ask(alex, 'what is MFA?');
    assert.match(reply!, /something you know/i);
    assert.match(reply!, /never ask you for/i);
    const [danish] = await ask(alex, 'hvad er MFA?', 'da-DK');
    assert.match(danish!, /adgangskode/i);
  });

  it('answers in the language a question is clearly written in, whatever the client says; "MFA?" in the client’s', async () => {
    // The Agents Playground and many Teams clients say en-US.
    const [danish] = await ask(anders, 'hvad er MFA?', 'en-US');
    assert.match(danish!, /Hvad er MFA\?/);
    assert.match(danish!, /adgangskode/i);
    const [german] = await ask(anders, 'Warum machen wir das?', 'en-US');
    assert.match(german!, /Warum machen wir das\?/);
    const [english] = await ask(anders, 'what is MFA?', 'fr-FR');
    assert.match(english!, /What is MFA\?/);
    const [ambiguous] = await ask(anders, 'MFA?', 'da-DK');
    assert.match(ambiguous!, /Hvad er MFA\?/);
  });

  it('answers a command in the language it is typed in, by the rule questions follow', async () => {
    // Nobody is in a wave here: "my status" says so, in the language of the command.
    const none = {
      en: /You are not part of an MFA rollout wave yet/,
      da: /Du er ikke med i en udrulningsbølge endnu/,
      de: /Sie sind noch in keiner Rollout-Welle/,
      fr: /Vous ne faites encore partie d'aucune vague/,
      es: /Todavía no formas parte de ninguna oleada/,
    };
    assert.match((await ask(lena, 'min status', 'en-US'))[0]!, none.da);
    assert.match((await ask(lena, 'mein Status', 'en-US'))[0]!, none.de);
    assert.match((await ask(lena, 'mon statut', 'en-US'))[0]!, none.fr);
    assert.match((await ask(lena, 'mi estado', 'en-US'))[0]!, none.es);
    assert.match((await ask(lena, 'My status?', 'da-DK'))[0]!, none.en);
    // A word every language shares says nothing about the language: the client's.
    assert.match((await ask(lena, 'status', 'de-DE'))[0]!, none.de);
    // "help" is English, "Hilfe" German, whatever the client says; "?" is nobody's.
    assert.match((await ask(lena, 'help', 'de-DE'))[0]!, /What you can ask me/);
    assert.match((await ask(lena, 'Hilfe', 'en-US'))[0]!, /Was Sie mich fragen können/);
    assert.match((await ask(lena, '?', 'fr-FR'))[0]!, /Écrivez « mon statut »/);
  });

  it('tells everybody about "my status" in the menu, in their language', async () => {
    const [menu] = await ask(lena, 'help');
    assert.match(menu!, /Write "my status" to see where you stand/);
    const [danish] = await ask(lena, 'hjælp', 'da-DK');
    assert.match(danish!, /Skriv "min status"/);
  });

  it('shows the menu for text it does not understand, with admin commands only for admins', async () => {
    const [user] = await ask(alex, 'blue bananas');
    assert.doesNotMatch(user!, /wave start/);
    const [admin] = await ask(adele, 'help');
    assert.match(admin!, /wave start/);
  });

  it('explains the syntax of a bare "wave start" to an admin and refuses it to others', async () => {
    assert.match((await ask(adele, 'wave start'))[0]!, /wave start <Entra group id>/);
    assert.match((await ask(alex, 'wave start'))[0]!, /Only MFA rollout admins/);
  });

  it('tells a user where they stand', async () => {
    assert.match((await ask(alex, 'my status'))[0]!, /not part of an MFA rollout wave/);
    const wave = await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      name: 'Pilot',
      createdBy: { id: 'cli', name: 'cli' },
    });
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(wave.id, alex.aadObjectId))?.status === 'notified',
      20_000,
      'notified',
    );
    assert.match((await ask(alex, 'my status'))[0]!, /Pilot: Notified\. MFA is required from/);
  });

  it('answers a question asked in the middle of the phone dialog, then still takes the number', async () => {
    const card = await eventually(
      () =>
        stack.connector.transcript
          .activitiesFor(megan.aadObjectId)
          .find((a) => cardActions(a.attachments).some((action) => action.verb === 'phone.dispute')),
      20_000,
      "Megan's card",
    );
    const dispute = cardActions(card.attachments).find((a) => a.verb === 'phone.dispute')!;
    // Her chat was created by the bot; from now on she writes from it.
    const chat = card.conversationId;
    const megansTurn = (text: string) => ask(megan, text, 'en-US', chat);
    await stack.post({
      ...cardClick(stack, megan, 'phone.dispute', dispute.data, card.activityId),
      conversation: { id: chat, conversationType: 'personal' },
    });
    const replies = await megansTurn('is this message real?');
    assert.equal(replies.length, 2);
    assert.match(replies[0]!, /genuine|real/i);
    assert.match(replies[1]!, /still waiting for your number/);
    const confirmPrompt = await megansTurn('+1 425 555 0199');
    assert.match(confirmPrompt.join('\n'), /Is that right\?/);
  });
});
