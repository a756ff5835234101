/**
 * Issue 10, in the browser: the Agents Playground (Debian's Chromium) as `npm run dev` runs it, with
 * the dev world's Conditional Access group. Adele Vance starts the pilot wave, confirms her number,
 * then enforces the pilot from the digest: Enforce → the preview card (who will be enforced) →
 * Confirm → the job adds her to the CA group in the Graph simulator → the digest says "enforced".
 * Takes the README's docs/screenshots/enforce-preview.png (with UPDATE_SCREENSHOTS=1).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../src/dev/graph-sim';
import { chromiumSkipReason } from '../support/playground/browser';
import {
  eventually,
  type PlaygroundSession,
  readmeScreenshot,
  readText,
  screenshotMessage,
  startPlaygroundSession,
} from './support/playground-world';

const skip = chromiumSkipReason();

describe('enforcing the pilot from the digest in the Agents Playground (Chromium)', {
  skip: skip ?? false,
}, () => {
  let session: PlaygroundSession | undefined;

  function current(): PlaygroundSession {
    if (!session) throw new Error('the local world and the Playground UI did not start');
    return session;
  }

  before(
    async () => {
      session = await startPlaygroundSession({ label: 'e2e-enforce-pilot' });
    },
    { timeout: 180_000 },
  );
  after(async () => {
    await session?.stop();
  });

  test('Adele confirms, enforces the pilot from the digest (preview, confirm), and the digest says enforced', {
    timeout: 150_000,
  }, async (t) => {
    const { ui, world } = current();
    const { repo } = world.runtime.deps;
    try {
      await ui.sendMessage(`wave start ${SAMPLE_GROUPS.pilot} Pilot`);
      const card = await ui.waitForCard("Yes, that's my number");
      await ui.clickCardButton("Yes, that's my number", card);
      await ui.waitForCard(/your number is confirmed/i);

      // The digest offers Enforce once she is ready (one user: the others have not answered).
      const digest = ui.cards().filter({ hasText: 'MFA rollout: ready to enforce' }).last();
      await eventually(
        async () => (await digest.isVisible()) && (await readText(digest)).includes('Enforce MFA for 1 user'),
        'the digest with its Enforce button',
        30_000,
        async () => (await ui.transcript()).join('\n'),
      );
      await ui.clickCardButton('Enforce MFA for 1 user', digest);

      // The preview comes below the digest: who will be enforced, and Confirm.
      const preview = await ui.waitForCard('Enforce MFA: who is included', { timeoutMs: 30_000 });
      const previewText = await readText(preview);
      assert.match(previewText, /1 user will be enforced/);
      assert.match(previewText, /Adele Vance/);
      assert.match(previewText, /Conditional Access group/);
      await screenshotMessage(ui, preview, readmeScreenshot('enforce-preview.png'));
      await ui.clickCardButton('Enforce MFA for 1 user', preview);
      await ui.waitForCard(/Confirmed by Adele Vance/, { timeoutMs: 30_000 });

      // The job enforces her: in the CA group of the Graph simulator, and `enforced` in the wave.
      const [wave] = await repo.listWaves(1);
      assert.ok(wave, 'the wave is stored');
      await eventually(
        async () => (await repo.getUser(wave.id, SAMPLE_USERS.adele))?.status === 'enforced',
        'Adele to be enforced',
        30_000,
      );
      assert.ok(world.graph.state.isDirectMember(SAMPLE_GROUPS.enforcement, SAMPLE_USERS.adele));

      // The digest, updated in place (nobody is ready any more: its heading changes), says so and offers Undo.
      const updated = ui
        .cards()
        .filter({ hasText: 'MFA rollout' })
        .filter({ hasText: 'Where everyone is' })
        .last();
      await eventually(
        async () => /1 user enforced\./.test(await readText(updated)),
        'the digest to say "1 user enforced."',
        30_000,
        async () => (await ui.transcript()).join('\n'),
      );
      assert.ok(await updated.getByRole('button', { name: 'Undo enforcement', exact: true }).isVisible());
      assert.equal(
        await ui.cards().filter({ hasText: 'Where everyone is' }).count(),
        1,
        'one digest, updated in place',
      );
      assert.deepEqual(ui.pageErrors, [], 'no uncaught errors in the Playground page');
    } catch (error) {
      await current().failureScreenshot(t.name);
      throw error;
    }
  });
});
