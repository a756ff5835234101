/**
 * Issue 4, in the browser: "That's not my number" under the self-service policy. In the Agents
 * Playground (Debian's Chromium), Adele starts the pilot wave, says the number on her card is not
 * hers, types the right one the way she would dial it in Denmark (her usageLocation), and clicks Yes
 * when the bot shows it back (issue 8: an Adaptive Card with Action.Execute buttons; the Playground
 * does not support the imBack buttons this used to be). The app writes the number, and she gets one
 * short final card: she confirmed the number already, so nothing asks her to confirm it again
 * (issue 8). The Graph simulator then holds the new number on her account, and she is ready.
 *
 * How the Playground shows this conversation: the dialog's questions and answers are plain text
 * messages; "You typed … Is that right?" is an Adaptive Card whose Yes / No buttons invoke the bot,
 * and the invoke response replaces it with the answer; every other reply of the bot is a card.
 *
 * Takes the README's screenshots (docs/screenshots/ with UPDATE_SCREENSHOTS=1): wrong-number.png for the README.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../src/dev/graph-sim';
import { chromiumSkipReason } from '../support/playground/browser';
import {
  eventually,
  messageOf,
  type PlaygroundSession,
  readmeScreenshot,
  readText,
  screenshotRange,
  startPlaygroundSession,
} from './support/playground-world';

/** Preloaded: +45 20123456 (src/dev/sample-tenant.json). */
const OLD_MASKED = '+45 •• •• •4 56';
/** What she types: a Danish number in national format, no country code. */
const TYPED = '20 98 76 54';
const NEW_DISPLAYED = '+45 20 98 76 54';
const NEW_GRAPH = '+45 20987654';
const NEW_MASKED = '+45 •• •• •6 54';

const skip = chromiumSkipReason();

describe('wrong number, self-service, in the Agents Playground (Chromium)', { skip: skip ?? false }, () => {
  let session: PlaygroundSession | undefined;

  before(
    async () => {
      session = await startPlaygroundSession({
        label: 'e2e-wrong-number',
        env: { PHONE_CORRECTION_POLICY: 'self-service' },
      });
    },
    { timeout: 180_000 },
  );
  after(async () => {
    await session?.stop();
  });

  test('Adele corrects her number in chat, clicks Yes, gets one short final card, and Graph holds it', {
    timeout: 120_000,
  }, async (t) => {
    if (!session) throw new Error('the local world and the Playground UI did not start');
    const { ui, world } = session;
    const { repo } = world.runtime.deps;
    const adele = SAMPLE_USERS.adele;
    try {
      await ui.sendMessage(`wave start ${SAMPLE_GROUPS.pilot} Pilot`);
      await ui.waitForCard('Wave Pilot is starting');
      const card = await ui.waitForCard("Yes, that's my number");
      assert.ok((await readText(card)).includes(OLD_MASKED), `her card shows ${OLD_MASKED}`);
      const [wave] = await repo.listWaves(1);
      assert.ok(wave, 'the wave is stored');

      await ui.clickCardButton("That's not my number", card);
      // The invoke response replaces the card; the dialog asks in chat, in plain text.
      await ui.waitForCard("Let's fix your number");
      assert.equal(await ui.cards().filter({ hasText: OLD_MASKED }).count(), 0, 'the old card is gone');
      const ask = await ui.waitForText('Please type the mobile number');
      assert.match(await readText(ask), /A number from Denmark can be typed just as you would dial it/);
      assert.equal((await repo.getUser(wave.id, adele))?.status, 'disputed');

      await ui.sendMessage(TYPED);
      const question = await ui.waitForCard(`You typed ${NEW_DISPLAYED}. Is that right?`);
      // Nothing is written before she says yes.
      assert.equal(world.graph.state.phoneOf(adele, 'mobile')?.phoneNumber, '+45 20123456');

      await ui.clickCardButton('Yes', question);
      // The invoke response replaces the question: her answer instead of the buttons.
      const answered = await ui.waitForCard('Your answer: Yes');
      assert.equal(await answered.getByRole('button', { name: 'Yes', exact: true }).count(), 0);
      const final = await ui.waitForCard('Your new number is saved');
      assert.ok((await readText(final)).includes(NEW_MASKED), `the final card names ${NEW_MASKED}`);
      assert.ok(!(await readText(final)).includes('20987654'), 'the chat shows the new number masked');
      // Self-service: the app wrote it to Graph at once (she cannot write her own method).
      assert.equal(world.graph.state.phoneOf(adele, 'mobile')?.phoneNumber, NEW_GRAPH);
      const ready = await eventually(
        async () => {
          const record = await repo.getUser(wave.id, adele);
          return record?.status === 'ready' && record;
        },
        'Adele to be ready',
        10_000,
        async () => JSON.stringify(await repo.getUser(wave.id, adele)),
      );
      assert.equal(ready.phoneMasked, NEW_MASKED);
      // She typed the number and said yes to it: no card asks her to confirm it again.
      assert.equal(
        await ui.cards().filter({ hasText: "Yes, that's my number" }).count(),
        0,
        'no card with a confirm button is left',
      );
      assert.equal(await ui.cards().filter({ hasText: 'Your sign-in is getting an extra step' }).count(), 0);
      // Adele is the admin too: the digest lands in this chat once she is ready. Wait for it, so the
      // screenshot is not taken while the chat scrolls to it.
      await ui.waitForCard('AdeleV@contoso.onmicrosoft.com');
      await screenshotRange(ui, messageOf(ask), final, readmeScreenshot('wrong-number.png'));

      assert.deepEqual(ui.pageErrors, [], 'no uncaught errors in the Playground page');
    } catch (error) {
      await session.failureScreenshot(t.name);
      throw error;
    }
  });
});
