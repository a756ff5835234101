/**
 * Issue 10, the phone preload from Teams, in the Agents Playground (Chromium). The Playground cannot
 * send a file itself: its compose box hides Web Chat's upload button (`hideUploadButton: true`), its
 * message API takes text or cards only, it hosts no files and knows no `fileConsent/invoke`. What it
 * can do is deliver a raw activity (its "Mock an activity → Custom activity", `POST
 * /_internal/v1/customActivities`), so this test sends Teams' file message that way, with the
 * download link served by a small server standing in for OneDrive, and then works the cards in the
 * page: Adele reads the dry run, clicks Apply, and watches the same card end on the result.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_USERS } from '../../src/dev/graph-sim';
import { fetchPlaygroundTenant } from '../../src/dev/playground/playground-tenant';
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
  let oneDrive: Server | undefined;
  let downloads = 0;

  before(
    async () => {
      oneDrive = createServer((_request, response) => {
        downloads += 1;
        response.writeHead(200, { 'content-type': 'text/csv' });
        response.end(FILE);
      });
      await new Promise<void>((resolve) => oneDrive!.listen(0, '127.0.0.1', resolve));
      session = await startPlaygroundSession({ label: 'e2e-preload' });
    },
    { timeout: 240_000 },
  );
  after(async () => {
    await session?.stop();
    oneDrive?.closeAllConnections();
    oneDrive?.close();
  });

  test('Adele sends the CSV, reads the dry run, applies it, and the card ends on the result', {
    timeout: 180_000,
  }, async (t) => {
    if (!session) throw new Error('the Playground did not start');
    const { ui, world } = session;
    try {
      const base = world.playground.url;
      const tenant = await fetchPlaygroundTenant(base);
      assert.ok(tenant, 'the Playground tenant');
      const conversationId = tenant.personalChat.id;
      const template = await fetch(
        `${base}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`,
      );
      assert.equal(template.status, 200, 'the custom activity template');
      const { port } = oneDrive!.address() as AddressInfo;
      const activity = {
        ...((await template.json()) as Record<string, unknown>),
        type: 'message',
        text: '',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            contentUrl: `http://127.0.0.1:${port}/personal/adele/phones.csv`,
            name: 'phones.csv',
            content: {
              downloadUrl: `http://127.0.0.1:${port}/download/phones.csv?tempauth=x`,
              uniqueId: 'F1',
              fileType: 'csv',
            },
          },
        ],
      };
      const sent = await fetch(`${base}/_internal/v1/customActivities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      assert.equal(sent.status, 200, 'the Playground took the custom activity');

      const card = await ui.waitForCard('Phone preload: dry run', { timeoutMs: 60_000 });
      assert.equal(downloads, 1);
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
