/**
 * What the Playground journey tests share: the whole product as `npm run dev` runs it
 * (startLocalWorld: Graph simulator, bot + workers, Agents Playground), but on the test's private
 * Redis (REDIS_URL from scripts/test.ts) under a random key prefix, on free ports, with the
 * Playground working in a temp copy of the repo's `.m365agentsplayground.yml` (it writes devTools/
 * into its cwd), so a test never meets a running `npm run dev`. One Playground, one page.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Locator } from 'playwright-core';
import { type LocalWorld, startLocalWorld } from '../../../src/dev/local-world';
import { freePort } from '../../../src/dev/playground/ports';
import { openPlayground, type PlaygroundUi } from '../../support/playground/browser';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';

const repoRoot = resolve(__dirname, '..', '..', '..');

export interface PlaygroundSession {
  world: LocalWorld;
  ui: PlaygroundUi;
  /** REDIS_PREFIX of this session's bot. */
  prefix: string;
  /** Full-page screenshot under test-results/playground/ (for failures). */
  failureScreenshot(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Two distinct free ports (freePort() twice may hand out the same one). */
async function twoFreePorts(): Promise<[number, number]> {
  const first = await freePort();
  for (;;) {
    const second = await freePort();
    if (second !== first) return [first, second];
  }
}

export async function startPlaygroundSession(options: {
  label: string;
  env?: Record<string, string>;
}): Promise<PlaygroundSession> {
  const redisUrl = testRedisUrl();
  const prefix = randomPrefix(options.label);
  const cwd = mkdtempSync(join(tmpdir(), `${options.label}-`));
  copyFileSync(join(repoRoot, '.m365agentsplayground.yml'), join(cwd, '.m365agentsplayground.yml'));
  const [botPort, playgroundPort] = await twoFreePorts();
  let world: LocalWorld | undefined;
  let ui: PlaygroundUi | undefined;
  const stop = async () => {
    await ui?.close().catch(() => undefined);
    await world?.stop();
    const redis = new Redis(redisUrl, { lazyConnect: true });
    try {
      await redis.connect();
      // The bot's keys and its BullMQ queues (`<prefix>-bull:`).
      await deleteKeys(redis, prefix);
    } finally {
      redis.disconnect();
    }
    rmSync(cwd, { recursive: true, force: true });
  };
  try {
    world = await startLocalWorld({
      botPort,
      playgroundPort,
      redisUrl,
      playgroundCwd: cwd,
      env: {
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
        ...options.env,
        REDIS_PREFIX: prefix,
      },
    });
    // The page opens before anything is sent to the personal chat: the UI drops what came earlier.
    ui = await openPlayground(world.playground.url);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const session = { world, ui };
  return {
    ...session,
    prefix,
    async failureScreenshot(name) {
      await session.ui
        .screenshot(join('test-results', 'playground', `${name.replace(/\W+/g, '-')}.png`))
        .catch(() => undefined);
    },
    stop,
  };
}

/** The chat message (author line and content) that holds `inner`: the nearest ancestor with a "Message header". */
export function messageOf(inner: Locator): Locator {
  return inner.locator('xpath=ancestor-or-self::*[*[@aria-label="Message header"]][1]');
}

/**
 * Where a README screenshot goes: docs/screenshots/ when refreshing them on purpose
 * (`UPDATE_SCREENSHOTS=1 npm run test:e2e`), otherwise the git-ignored test-results/, so an ordinary
 * test run leaves the repository as it was.
 */
export function readmeScreenshot(name: string): string {
  return process.env.UPDATE_SCREENSHOTS === '1'
    ? `docs/screenshots/${name}`
    : `test-results/screenshots/${name}`;
}

/**
 * A screenshot of one bot message for the README: its author line and the card, cut at the card's
 * bottom edge (below it the Playground may add its own notes, e.g. "Full width control is not
 * supported yet").
 */
export function screenshotMessage(ui: PlaygroundUi, card: Locator, path: string): Promise<void> {
  return screenshotRange(ui, messageOf(card), card, path);
}

/**
 * A screenshot of the chat from the top of `first` to the bottom of `last` (two locators in the
 * open chat, `first` above `last`), as wide as the messages in between (the user's own messages sit
 * on the right). The chat pane scrolls inside the page, between the header and the composer, so the
 * viewport is grown until the whole range shows in the pane, then set back.
 */
export async function screenshotRange(
  ui: PlaygroundUi,
  first: Locator,
  last: Locator,
  path: string,
): Promise<void> {
  const { page } = ui;
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  /** True when what shows at height `y` (page coordinates) is part of `locator`, not covered by a toolbar. */
  const showsAt = (locator: Locator, y: number) =>
    locator.evaluate((element, at) => {
      const rect = element.getBoundingClientRect();
      const hit = element.ownerDocument.elementFromPoint(rect.left + rect.width / 2, at);
      return !!hit && element.contains(hit);
    }, y);
  mkdirSync(dirname(path), { recursive: true });
  try {
    for (let height = viewport.height, round = 0; ; round++) {
      // The bottom of the range just above the composer, then check its top is not under the header.
      await last.evaluate((element) => element.scrollIntoView({ block: 'end' }));
      const top = await first.boundingBox();
      const bottom = await last.boundingBox();
      if (!top || !bottom) throw new Error('what the screenshot should show is not visible');
      const end = bottom.y + bottom.height;
      if ((await showsAt(first, top.y + 2)) && (await showsAt(last, end - 2))) {
        const boxes = (await Promise.all((await ui.messages().all()).map((m) => m.boundingBox()))).filter(
          (box): box is NonNullable<typeof box> => !!box && box.y + box.height > top.y && box.y < end,
        );
        const margin = 8;
        const x = Math.max(0, Math.min(top.x, bottom.x, ...boxes.map((b) => b.x)) - margin);
        const right = Math.max(
          top.x + top.width,
          bottom.x + bottom.width,
          ...boxes.map((b) => b.x + b.width),
        );
        await page.screenshot({
          path,
          animations: 'disabled',
          clip: { x, y: top.y, width: right + margin - x, height: end + margin - top.y },
        });
        return;
      }
      if (round >= 8)
        throw new Error(`could not fit ${Math.round(end - top.y)} px of chat into the viewport`);
      height += Math.ceil(Math.max(-top.y, 0) + 200);
      await page.setViewportSize({ width: viewport.width, height });
    }
  } finally {
    await page.setViewportSize(viewport);
  }
}

/** The stored value once `check` returns one; polls (no fixed sleep) until `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 20_000,
  describe?: () => Promise<string> | string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${describe ? `: ${await describe()}` : ''}`,
      );
    }
    await new Promise((done) => setTimeout(done, delay));
  }
}

/** The text as the user reads it, with rendered line breaks (Playwright's Locator.innerText()). */
export function readText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator method, rendered text on purpose
  return locator.innerText();
}
