/**
 * Issue 8, item 6, in the browser: the approval flow of `npm run dev` can be finished. Adele (a
 * rollout admin) says the number on her card is wrong and types the right one; the approval card
 * lands in the Playground team's channel "MFA Rollout" (the local world's ADMIN_CHANNEL_ID), not in
 * her own chat. Megan (the helpdesk, the second admin) works in a second Playground started the way
 * `npm run dev -- --as megan` starts it, approves there, and Adele gets the card to confirm her new
 * number. Two Playgrounds, two pages, one bot.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeToUserChat } from '../../src/app/user-chat';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../src/dev/graph-sim';
import type { Playground } from '../../src/dev/playground/launch';
import { freePort } from '../../src/dev/playground/ports';
import { startSecondPlayground } from '../../src/dev/second-playground';
import { chromiumSkipReason, openPlayground, type PlaygroundUi } from '../support/playground/browser';
import {
  eventually,
  type PlaygroundSession,
  readText,
  startPlaygroundSession,
} from './support/playground-world';

const NEW_MASKED = '+45 •• •• •6 54';
const skip = chromiumSkipReason();

describe('helpdesk approval across two Playgrounds (Chromium)', { skip: skip ?? false }, () => {
  let adele: PlaygroundSession | undefined;
  let meganPlayground: Playground | undefined;
  let megan: PlaygroundUi | undefined;
  const meganCwd = mkdtempSync(join(tmpdir(), 'e2e-megan-'));

  before(
    async () => {
      adele = await startPlaygroundSession({ label: 'e2e-helpdesk' });
      let port = await freePort();
      while (port === adele.world.playground.port) port = await freePort();
      meganPlayground = await startSecondPlayground({
        botEndpoint: adele.world.botEndpoint,
        person: 'megan',
        port,
        cwd: meganCwd,
        recordDir: join(meganCwd, 'records'),
      });
      megan = await openPlayground(meganPlayground.url);
    },
    { timeout: 240_000 },
  );
  after(async () => {
    await megan?.close().catch(() => undefined);
    await meganPlayground?.stop();
    await adele?.stop();
    rmSync(meganCwd, { recursive: true, force: true });
  });

  test('Adele corrects her number, Megan approves it in the channel, Adele gets the short final card', {
    timeout: 180_000,
  }, async (t) => {
    if (!adele || !megan) throw new Error('the Playgrounds did not start');
    const { ui, world } = adele;
    try {
      assert.equal(megan.tenant.currentUser.name, 'Megan Bowen');
      // The Playground shows a channel's posts only once its view was opened in this session.
      await megan.openChat('IT Rollout - MFA Rollout');

      await ui.sendMessage(`wave start ${SAMPLE_GROUPS.pilot} Pilot`);
      const card = await ui.waitForCard("Yes, that's my number", { timeoutMs: 60_000 });
      await ui.clickCardButton("That's not my number", card);
      await ui.waitForText('Please type the mobile number');
      await ui.sendMessage('20 98 76 54');
      const question = await ui.waitForCard('Is that right?');
      await ui.clickCardButton('Yes', question);
      await ui.waitForText('The helpdesk checks every new number');

      const approval = await megan.waitForCard('New mobile number to approve');
      assert.match(await readText(approval), /Adele Vance/);
      assert.equal(
        await ui.cards().filter({ hasText: 'New mobile number to approve' }).count(),
        0,
        'not in her own chat',
      );
      await megan.clickCardButton('Approve and save', approval);
      await megan.waitForCard('Approved by Megan Bowen');

      // She typed the number and said yes to it: once approved, no card asks her a third time.
      const final = await ui.waitForCard('The helpdesk approved your new number');
      assert.ok((await readText(final)).includes(NEW_MASKED), 'the new number, masked');
      assert.equal(world.graph.state.phoneOf(SAMPLE_USERS.adele, 'mobile')?.phoneNumber, '+45 20987654');
      await eventually(
        async () => (await world.runtime.deps.repo.listWaves())[0]?.id,
        'the wave',
        10_000,
      ).then((waveId) =>
        eventually(
          async () => (await world.runtime.deps.repo.getUser(waveId, SAMPLE_USERS.adele))?.status === 'ready',
          'Adele ready',
          30_000,
        ),
      );
      assert.deepEqual([...ui.pageErrors, ...megan.pageErrors], [], 'no uncaught errors in either page');
    } catch (error) {
      await adele.failureScreenshot(t.name);
      await megan.screenshot(join('test-results', 'playground', 'helpdesk-megan.png')).catch(() => undefined);
      throw error;
    }
  });

  test("when Megan's Playground closes, the bot reaches her again through the one still running", {
    timeout: 60_000,
  }, async () => {
    if (!adele || !meganPlayground) throw new Error('the Playgrounds did not start');
    const { deps } = adele.world.runtime;
    // Her page opened her personal chat there: the bot keeps that chat, at her Playground's connector.
    assert.equal((await deps.refs.forUser(SAMPLE_USERS.megan))?.serviceUrl, meganPlayground.connectorUrl);
    await megan?.close();
    megan = undefined;
    await meganPlayground.stop();
    meganPlayground = undefined;
    assert.equal(await deps.refs.forUser(SAMPLE_USERS.megan), undefined, 'that chat is forgotten');

    const written = await writeToUserChat(
      deps,
      { waveId: 'after-close', userId: SAMPLE_USERS.megan },
      (reference) => deps.outbox.send(reference, { type: 'message', text: 'Hello again' }),
    );
    assert.equal(written.reference.serviceUrl, deps.config.TEAMS_SERVICE_URL);
    assert.ok(written.result, 'delivered');
  });
});
