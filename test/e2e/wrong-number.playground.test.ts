/**
 * Issue 4, in the browser: "That's not my number" under the self-service policy. In the Agents
 * Playground (Debian's Chromium), Adele starts the pilot wave, says the number on her card is not
 * hers, types the right one the way she would dial it in Denmark (her usageLocation), confirms it
 * when the bot shows it back, gets a new card with the new masked number and confirms that. The
 * Graph simulator then holds the new number on her account, written by the app.
 *
 * How the Playground shows this conversation: the dialog's questions and answers are plain text
 * messages; the ConfirmPrompt ("You typed … Is that right?") comes as a hero card with Yes / No
 * buttons (imBack: a click posts the word as a message), and typing "yes" works the same; every
 * other reply of the bot is an Adaptive Card.
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

  test('Adele corrects her number in chat, confirms it on the new card, and Graph holds it', {
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
      const confirm = await ui.waitForText(`You typed ${NEW_DISPLAYED}. Is that right?`);
      for (const choice of ['Yes', 'No']) {
        assert.ok(
          await confirm.getByRole('button', { name: choice, exact: true }).isVisible(),
          `the prompt offers "${choice}"`,
        );
      }
      // Nothing is written before she says yes.
      assert.equal(world.graph.state.phoneOf(adele, 'mobile')?.phoneNumber, '+45 20123456');

      await ui.sendMessage('yes');
      const saved = await ui.waitForText(`Done: ${NEW_MASKED} is now the mobile number on your account`);
      assert.ok(!(await readText(saved)).includes('20987654'), 'the chat shows the new number masked');
      const fresh = ui
        .cards()
        .filter({ hasText: "Yes, that's my number" })
        .filter({ hasText: NEW_MASKED })
        .last();
      await eventually(
        () => fresh.isVisible(),
        `a new card asking to confirm ${NEW_MASKED}`,
        30_000,
        async () => (await ui.transcript()).join('\n'),
      );
      // Self-service: the app wrote it to Graph at once (she cannot write her own method).
      assert.equal(world.graph.state.phoneOf(adele, 'mobile')?.phoneNumber, NEW_GRAPH);
      // Recorded right after the new card is sent: the card may show up first.
      const corrected = await eventually(
        async () => {
          const record = await repo.getUser(wave.id, adele);
          return record?.status === 'corrected' && record;
        },
        'Adele to be recorded as corrected',
        10_000,
        async () => JSON.stringify(await repo.getUser(wave.id, adele)),
      );
      assert.equal(corrected.phoneMasked, NEW_MASKED);
      await screenshotRange(ui, messageOf(ask), fresh, readmeScreenshot('wrong-number.png'));

      await ui.clickCardButton("Yes, that's my number", fresh);
      const thanks = await ui.waitForCard(/your number is confirmed/i);
      assert.ok((await readText(thanks)).includes(NEW_MASKED), 'the thank-you card names the new number');
      assert.equal(
        await ui.cards().filter({ hasText: "Yes, that's my number" }).count(),
        0,
        'no card with a confirm button is left',
      );

      assert.equal(world.graph.state.phoneOf(adele, 'mobile')?.phoneNumber, NEW_GRAPH);
      await eventually(
        async () => (await repo.getUser(wave.id, adele))?.status === 'ready',
        'Adele to be ready',
        10_000,
        async () => JSON.stringify(await repo.getUser(wave.id, adele)),
      );
      assert.deepEqual(ui.pageErrors, [], 'no uncaught errors in the Playground page');
    } catch (error) {
      await session.failureScreenshot(t.name);
      throw error;
    }
  });
});
