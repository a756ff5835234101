/**
 * Drives the Agents Playground UI in Debian's Chromium like a person: type, read, click card buttons.
 *
 * Selectors lean on what the Playground exposes for accessibility (roles, aria-labels, button names),
 * never on its generated CSS classes (`___m8dehl0 f22iagw…` change with every build):
 * - composer: the first `role=textbox` (a Lexical contenteditable); send: button "Send Message";
 * - a message: the parent of its `aria-label="Message header"`; a bot message also has
 *   `aria-label="Message author"` in that header, the user's own messages do not;
 * - in a channel, a thread: a `role=group` card with its own reply box, below the `group` that
 *   starts a new post (the one with the button "Post"); who wrote it is not told apart there;
 * - chats: `role=treeitem` named "Personal Chat", the group chat's name, or "<team> - <channel>";
 * - cards: `.ac-adaptiveCard`, the class the Adaptive Cards renderer itself puts on a card root
 *   (part of that SDK's styling contract, not the Playground's build); card buttons by role and title.
 * Everything waits on the transcript only: the log panel and the chat list repeat message text.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { fetchPlaygroundTenant, type PlaygroundTenant } from '../../../src/dev/playground/playground-tenant';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Offline: no DNS except loopback, no background traffic, no QUIC. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/**
 * Why a browser test cannot run here, or undefined when it can. In CI (`CI=true`) a missing Chromium
 * is not a reason to skip: the test runs and fails with a clear message instead.
 */
export function chromiumSkipReason(path = CHROMIUM_PATH): string | undefined {
  if (existsSync(path) || process.env.CI === 'true') return undefined;
  return `Chromium not found at ${path} (apt-get install -y chromium); skipped outside CI`;
}

export interface OpenPlaygroundOptions {
  /** Default timeout of every wait and action, ms. Default 30 s (the UI is slow on long chats). */
  timeoutMs?: number;
  /** Timeout of the first load (the 9 MB bundle takes ~10 s to start in headless Chromium). Default 90 s. */
  loadTimeoutMs?: number;
}

export type Sender = 'bot' | 'user' | 'any';

export interface PlaygroundUi {
  page: Page;
  browser: Browser;
  context: BrowserContext;
  /** What the Playground loaded: ids of the current user, chats, bot. */
  tenant: PlaygroundTenant;
  /** Requests that tried to leave the machine (aborted). */
  blockedRequests: string[];
  /** Uncaught errors in the page. */
  pageErrors: string[];
  /** Every message in the open chat, oldest first. */
  messages(from?: Sender): Locator;
  /** Top-level Adaptive Cards in the open chat, oldest first. */
  cards(): Locator;
  lastCard(): Locator;
  /** Types into the composer, sends, and waits until the message shows as sent. */
  sendMessage(text: string): Promise<void>;
  /** Waits for a message containing `text` (from the bot unless said otherwise) and returns it. */
  waitForText(text: string | RegExp, options?: { from?: Sender; timeoutMs?: number }): Promise<Locator>;
  /** Waits for a card containing `text` and returns it (the newest such card). */
  waitForCard(text: string | RegExp, options?: { timeoutMs?: number }): Promise<Locator>;
  /** Clicks the card button with this exact title, in `card` (default: the newest card). */
  clickCardButton(title: string, card?: Locator): Promise<void>;
  /** Inner texts of the open chat's messages, for assertions and failure messages. */
  transcript(): Promise<string[]>;
  /** Opens a chat by its name in the chat list ("Personal Chat", group chat name, "<team> - <channel>"). */
  openChat(name: string): Promise<void>;
  /** The personal chat is the default view after load; this returns to it. */
  openPersonalChat(): Promise<void>;
  /**
   * A fresh UI session on the same page: empty transcript, personal chat open, and the Playground
   * sends installationUpdate + conversationUpdate to the bot again. Cheaper than a new browser.
   */
  reload(): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) && /^(https?|wss?):$/.test(url.protocol);
}

/** Polls `condition` until true (a wait for a condition, not a sleep); throws `describe()` on timeout. */
async function until(condition: () => Promise<boolean>, timeoutMs: number, describe: () => Promise<string>) {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(await describe());
    await new Promise((done) => setTimeout(done, delay));
  }
}

const installationPath = /^\/_debug\/conversation\/(.+)\/installation$/;

export async function openPlayground(
  url: string,
  options: OpenPlaygroundOptions = {},
): Promise<PlaygroundUi> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const loadTimeoutMs = options.loadTimeoutMs ?? 90_000;
  const tenant = await fetchPlaygroundTenant(url);
  if (!tenant) throw new Error(`no Agents Playground answers at ${url}`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'block',
    });
    const blockedRequests: string[] = [];
    // The page asks for web fonts on a CDN; nothing may leave the machine.
    await context.route(
      (target) => !isLoopback(target),
      (route) => {
        blockedRequests.push(route.request().url());
        return route.abort('blockedbyclient');
      },
    );
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // Opening a chat view for the first time makes the UI ask the server to send installationUpdate +
    // conversationUpdate to the bot; anything the bot sends to that chat before then is dropped.
    // Per UI session (reset by load()).
    const installed = new Map<string, Promise<void>>();
    const markInstalled = new Map<string, () => void>();
    const installation = (conversationId: string) => {
      let promise = installed.get(conversationId);
      if (!promise) {
        promise = new Promise<void>((done) => markInstalled.set(conversationId, done));
        installed.set(conversationId, promise);
      }
      return promise;
    };
    page.on('response', (response) => {
      const match = installationPath.exec(new URL(response.url()).pathname);
      if (!match?.[1]) return;
      const conversationId = decodeURIComponent(match[1]);
      void installation(conversationId);
      markInstalled.get(conversationId)?.();
    });
    const waitInstalled = async (conversationId: string, ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, fail) => {
        timer = setTimeout(
          () =>
            fail(new Error(`the Playground UI did not install the bot in ${conversationId} within ${ms} ms`)),
          ms,
        );
      });
      try {
        await Promise.race([installation(conversationId), timeout]);
      } finally {
        clearTimeout(timer);
      }
    };

    const messageHeader = page.getByLabel('Message header', { exact: true });
    const author = page.getByLabel('Message author', { exact: true });
    const chatMessages = messageHeader.locator('xpath=..');
    // A channel shows threads instead: each a `group` with its replies, below the one for a new post.
    const postButton = page.getByRole('button', { name: 'Post', exact: true });
    const channelThreads = page
      .getByRole('group')
      .filter({ has: page.getByRole('textbox') })
      .filter({ hasNot: postButton });
    let inChannel = false;
    const allMessages = () => (inChannel ? channelThreads : chatMessages);
    const messages = (from: Sender = 'any') =>
      inChannel || from === 'any'
        ? allMessages()
        : from === 'bot'
          ? chatMessages.filter({ has: author })
          : chatMessages.filter({ hasNot: author });
    const cards = () => allMessages().locator('.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)');
    const transcript = async () =>
      (await allMessages().allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    const failure = async (what: string) =>
      `${what}\ntranscript:\n${(await transcript()).map((t) => `  | ${t}`).join('\n') || '  (empty)'}` +
      (pageErrors.length ? `\npage errors: ${pageErrors.join('; ')}` : '');
    const waitVisible = async (locator: Locator, what: string, ms = timeoutMs) => {
      try {
        await locator.waitFor({ state: 'visible', timeout: ms });
      } catch {
        throw new Error(await failure(`${what} not seen within ${ms} ms`));
      }
      return locator;
    };
    // In a channel every thread has a reply box too; the first box is always the chat's (or new post's).
    const composer = page.getByRole('textbox').first();
    const chatItem = (name: string) => page.getByRole('treeitem', { name, exact: true });
    const channelNames = new Set(tenant.teams.flatMap((t) => t.channels.map((c) => `${t.name} - ${c.name}`)));
    const chatIds = new Map<string, string>([
      [tenant.personalChat.name, tenant.personalChat.id],
      ...tenant.groupChats.map((g) => [g.name, g.id] as [string, string]),
      ...tenant.teams.flatMap((t) =>
        t.channels.map((c) => [`${t.name} - ${c.name}`, c.id] as [string, string]),
      ),
    ]);

    const personalChatId = tenant.personalChat.id;
    const load = async () => {
      installed.clear();
      markInstalled.clear();
      inChannel = false;
      await page.goto(url, { timeout: loadTimeoutMs, waitUntil: 'commit' });
      await composer.waitFor({ state: 'visible', timeout: loadTimeoutMs });
      // The personal chat is the view the UI opens with; wait until the bot has been told about it.
      await waitInstalled(personalChatId, loadTimeoutMs);
    };

    const ui: PlaygroundUi = {
      page,
      browser,
      context,
      tenant,
      blockedRequests,
      pageErrors,
      messages,
      cards,
      lastCard: () => cards().last(),
      transcript,
      async sendMessage(text) {
        const sent = messages('user').filter({ hasText: text });
        const before = await sent.count();
        await composer.click();
        await composer.fill(text);
        await page.getByRole('button', { name: 'Send Message', exact: true }).click();
        await until(
          async () => (await sent.count()) > before,
          timeoutMs,
          () => failure(`sent message "${text}" did not appear`),
        );
      },
      waitForText: (text, opts = {}) =>
        waitVisible(
          messages(opts.from ?? 'bot')
            .filter({ hasText: text })
            .last(),
          `message "${text}"`,
          opts.timeoutMs,
        ),
      waitForCard: (text, opts = {}) =>
        waitVisible(cards().filter({ hasText: text }).last(), `card containing "${text}"`, opts.timeoutMs),
      async clickCardButton(title, card) {
        const button = (card ?? cards().last()).getByRole('button', { name: title, exact: true });
        await waitVisible(button, `card button "${title}"`);
        await button.click();
      },
      async openChat(name) {
        const conversationId = chatIds.get(name);
        if (!conversationId) throw new Error(`no chat "${name}"; known: ${[...chatIds.keys()].join(', ')}`);
        await chatItem(name).click();
        inChannel = channelNames.has(name);
        await waitInstalled(conversationId, timeoutMs);
        await composer.waitFor({ state: 'visible' });
      },
      openPersonalChat: () => ui.openChat(tenant.personalChat.name),
      async screenshot(path) {
        mkdirSync(dirname(path), { recursive: true });
        await page.screenshot({ path, fullPage: true });
      },
      reload: () => load(),
      async close() {
        await browser.close();
      },
    };

    await load();
    return ui;
  } catch (error) {
    await browser.close();
    throw error;
  }
}
