/**
 * Issue 10, the phone preload from Teams, in the Agents Playground (Chromium). The Playground cannot
 * send a file itself: its compose box hides Web Chat's upload button (`hideUploadButton: true`), its
 * message API takes text or cards only, it hosts no files and knows no `fileConsent/invoke`. The
 * local world's `POST /_dev/files/<name>` stands in (src/dev/playground/send-file.ts): the connector
 * simulator holds the file behind an expiring link and Teams' file message goes in as the
 * Playground's custom activity, as its user. Then everything happens in the page: Adele reads the
 * dry run, clicks Apply, and the same card ends on the result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_USERS } from '../../src/dev/graph-sim';
import { chromiumSkipReason } from '../support/playground/browser';
import {
  eventually,
  type PlaygroundSession,
  readText,
  startPlaygroundSession,
} from './support/playground-world';

const FILE = [
  'userPrincipalName,mobile',
  'DiegoS@contoso.onmicrosoft.com,+34 600 000 103',
  'nobody@contoso.onmicrosoft.com,+45 20123499',
].join('\n');

const skip = chromiumSkipReason();

describe('phone preload from a file in the Playground (Chromium)', { skip: skip ?? false }, () => {
  let session: PlaygroundSession | undefined;

  before(
    async () => {
      session = await startPlaygroundSession({ label: 'e2e-preload' });
    },
    { timeout: 240_000 },
  );
  after(async () => {
    await session?.stop();
  });

  test('Adele sends the CSV, reads the dry run, applies it, and the card ends on the result', {
    timeout: 180_000,
  }, async (t) => {
    if (!session) throw new Error('the Playground did not start');
    const { ui, world } = session;
    try {
      const botBase = world.botEndpoint.replace(/\/api\/messages$/, '');
      const sent = await fetch(`${botBase}/_dev/files/phones.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: FILE,
      });
      assert.equal(sent.status, 200, await sent.clone().text());
      assert.equal(((await sent.json()) as { from: string }).from, 'Adele Vance');

      await ui.waitForText('Reading phones.csv', { timeoutMs: 60_000 });
      const card = await ui.waitForCard('Phone preload: dry run', { timeoutMs: 60_000 });
      const text = await readText(card);
      assert.match(text, /Line 3 · nobody@contoso\.onmicrosoft\.com · Unknown user/);
      assert.doesNotMatch(text, /600 ?000 ?103/);
      await ui.clickCardButton('Apply', card);
      await ui.waitForCard('Phone preload: done', { timeoutMs: 60_000 });
      await eventually(
        () => world.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber === '+34 600000103',
        "Diego's number written",
      );
    } catch (error) {
      await session.failureScreenshot(t.name);
      throw error;
    }
  });
});
