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
import { freePort } from '../../../src/dev/playground/launch';
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

/**
 * A screenshot of one bot message for the README: its author line and the card, cut at the card's
 * bottom edge (below it the Playground may add its own notes, e.g. "Full width control is not
 * supported yet"). The chat pane scrolls inside the page, so a long card would be cut at the pane's
 * edge: the viewport is made tall enough for the message first, then set back.
 */
export async function screenshotMessage(ui: PlaygroundUi, card: Locator, path: string): Promise<void> {
  // The message is the nearest ancestor holding the "Message header" (browser.ts's definition).
  const message = card.locator('xpath=ancestor::*[*[@aria-label="Message header"]][1]');
  const viewport = ui.page.viewportSize() ?? { width: 1280, height: 900 };
  const height = (await message.boundingBox())?.height ?? 0;
  const needed = Math.ceil(height + 400);
  mkdirSync(dirname(path), { recursive: true });
  if (needed > viewport.height) await ui.page.setViewportSize({ width: viewport.width, height: needed });
  try {
    await message.scrollIntoViewIfNeeded();
    const outer = await message.boundingBox();
    const inner = await card.boundingBox();
    if (!outer || !inner) throw new Error('the message to screenshot is not visible');
    const margin = 8;
    const x = Math.max(0, outer.x - margin);
    const y = Math.max(0, outer.y - margin);
    const right = Math.max(outer.x + outer.width, inner.x + inner.width) + margin;
    const bottom = inner.y + inner.height + margin;
    await ui.page.screenshot({
      path,
      animations: 'disabled',
      clip: { x, y, width: right - x, height: bottom - y },
    });
  } finally {
    if (needed > viewport.height) await ui.page.setViewportSize(viewport);
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
