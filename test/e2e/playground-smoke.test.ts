/**
 * Smoke test of the Agents Playground harness: a minimal bot (CloudAdapter, no app id, restify), the
 * Playground pointed at it with a private config, and Debian's Chromium typing and clicking in its UI.
 * It also pins what the Playground sends and accepts, since the project's local runs depend on it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type Activity,
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationParameters,
  type ConversationReference,
  TurnContext,
} from 'botbuilder';
import restify from 'restify';
import { chromiumSkipReason, openPlayground, type PlaygroundUi } from '../support/playground/browser';
import { testPlaygroundConfig, writePlaygroundConfig } from '../support/playground/config';
import { type Playground, startPlayground } from '../support/playground/launch';

function smokeCard(text: string): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true }],
    actions: [
      { type: 'Action.Execute', title: 'Ping', verb: 'ping', data: { from: 'execute' } },
      { type: 'Action.Submit', title: 'Send it', data: { from: 'submit' } },
    ],
  };
}

class SmokeBot extends ActivityHandler {
  /** The newest personal-chat reference, as an app would store it. */
  personalChat?: Partial<ConversationReference>;

  constructor() {
    super();
    this.onTurn(async (context, next) => {
      if (context.activity.conversation?.conversationType === 'personal') {
        this.personalChat = TurnContext.getConversationReference(context.activity);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const { text, value } = context.activity;
      if (value) await context.sendActivity(`submitted from ${(value as { from?: string }).from}`);
      else if (text === 'card')
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(smokeCard('Original card'))] });
      else await context.sendActivity(`echo: ${text}`);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    _context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: smokeCard(`Replaced by ${invokeValue.action.verb}`),
    };
  }
}

const skip = chromiumSkipReason();

describe('Agents Playground smoke (Chromium)', { skip: skip ?? false }, () => {
  const config = testPlaygroundConfig();
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
    }),
  );
  const bot = new SmokeBot();
  /** Every activity as it arrived on the wire. */
  const received: Activity[] = [];
  let server: restify.Server | undefined;
  let playground: Playground | undefined;
  let ui: PlaygroundUi | undefined;
  let dir: string | undefined;
  /** The page has just loaded: the first test needs no reload. */
  let fresh = false;

  function page(): PlaygroundUi {
    if (!ui) throw new Error('the Playground UI did not open');
    return ui;
  }

  /** A UI test: fresh UI session first; on failure a screenshot under test-results/playground/. */
  function uiTest(name: string, body: (ui: PlaygroundUi) => Promise<void>) {
    test(name, async () => {
      const current = page();
      try {
        if (!fresh) await current.reload();
        fresh = false;
        await body(current);
      } catch (error) {
        const file = join('test-results', 'playground', `${name.replace(/\W+/g, '-')}.png`);
        await current.screenshot(file).catch(() => undefined);
        throw error;
      }
    });
  }

  before(
    async () => {
      server = restify.createServer();
      server.use(restify.plugins.bodyParser());
      server.post('/api/messages', async (req, res) => {
        received.push(req.body as Activity);
        await adapter.process(req, res, (context) => bot.run(context));
      });
      const listening = server;
      const botPort = await new Promise<number>((done) =>
        listening.listen(0, '127.0.0.1', () => done(listening.address().port)),
      );
      dir = mkdtempSync(join(tmpdir(), 'playground-smoke-'));
      writePlaygroundConfig(dir, config);
      playground = await startPlayground({
        botEndpoint: `http://127.0.0.1:${botPort}/api/messages`,
        cwd: dir,
      });
      ui = await openPlayground(playground.url);
      fresh = true;
    },
    { timeout: 180_000 },
  );

  after(async () => {
    await ui?.close();
    await playground?.stop();
    const closing = server;
    if (closing) await new Promise<void>((done) => closing.close(() => done()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  uiTest('a typed message reaches the bot as the config currentUser, and the echo shows', async (ui) => {
    await ui.sendMessage('hello');
    await ui.waitForText('echo: hello');

    const message = received.findLast((a) => a.type === 'message' && a.text === 'hello');
    assert.ok(message, 'the bot received "hello"');
    // (a) from.id is currentUser.id, from.aadObjectId is currentUser.aadObjectId (they differ in this config).
    assert.deepEqual(message.from, {
      id: config.currentUser.id,
      name: config.currentUser.name,
      aadObjectId: config.currentUser.aadObjectId,
    });
    assert.equal(message.channelId, 'msteams');
    assert.equal(message.serviceUrl, playground?.connectorUrl);
    assert.deepEqual(message.conversation, {
      conversationType: 'personal',
      tenantId: config.tenantId,
      id: config.personalChat.id,
    });
    assert.deepEqual(message.recipient, { id: config.bot.id, name: config.bot.name });
    assert.deepEqual(message.channelData, { tenant: { id: config.tenantId } });

    // Opening the UI told the bot about the personal chat (what an app stores its reference from).
    const update = received.findLast((a) => a.type === 'conversationUpdate');
    assert.equal(update?.conversation.id, config.personalChat.id);
    assert.deepEqual(
      update?.membersAdded?.map((m) => m.id),
      [config.currentUser.id, config.bot.id],
    );
    assert.ok(received.some((a) => a.type === 'installationUpdate' && a.action === 'add'));
  });

  uiTest(
    'Action.Execute: the invoke response replaces the card; Action.Submit posts a message',
    async (ui) => {
      await ui.sendMessage('card');
      const card = await ui.waitForCard('Original card');
      await ui.clickCardButton('Ping', card);
      await ui.waitForCard('Replaced by ping');
      assert.equal(await ui.cards().filter({ hasText: 'Original card' }).count(), 0, 'the old card is gone');
      assert.equal(await ui.cards().count(), 1, 'replaced in place, not appended');

      const invoke = received.findLast((a) => a.type === 'invoke');
      assert.equal(invoke?.name, 'adaptiveCard/action');
      assert.deepEqual(invoke?.value, {
        action: { type: 'Action.Execute', title: 'Ping', verb: 'ping', data: { from: 'execute' } },
      });
      assert.equal(invoke?.from.aadObjectId, config.currentUser.aadObjectId, 'the clicker');
      assert.ok(invoke?.replyToId, 'the invoke names the card message');

      await ui.clickCardButton('Send it');
      await ui.waitForText('submitted from submit');
      const submit = received.findLast((a) => a.type === 'message' && a.value !== undefined);
      assert.deepEqual(submit?.value, { from: 'submit' });
      assert.equal(submit?.text, undefined);
    },
  );

  uiTest('(b) a proactive message to the stored personal-chat reference shows up', async (ui) => {
    const reference = bot.personalChat;
    assert.ok(reference, 'the bot stored a personal-chat reference when the UI opened');
    assert.equal(reference.serviceUrl, playground?.connectorUrl);
    await adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity('proactive hello');
    });
    await ui.waitForText('proactive hello');
  });

  uiTest('(c) createConversation: works for any configured user; only currentUser sees it', async (ui) => {
    const connectorUrl = playground?.connectorUrl ?? '';
    // botbuilder uses the channel's default token scope when the audience is undefined (not '').
    const audience = undefined as unknown as string;
    const open = async (memberId: string, text: string) => {
      const parameters: ConversationParameters = {
        isGroup: false,
        bot: { id: config.bot.id, name: config.bot.name },
        members: [{ id: memberId, name: '' }],
        tenantId: config.tenantId,
        channelData: { tenant: { id: config.tenantId } },
      };
      let conversationId: string | undefined;
      await adapter.createConversationAsync(
        '',
        'msteams',
        connectorUrl,
        audience,
        parameters,
        async (context) => {
          conversationId = context.activity.conversation.id;
          await context.sendActivity(text);
        },
      );
      return conversationId;
    };

    const other = config.users[0];
    const otherChat = await open(other.id, 'to another user');
    assert.match(otherChat ?? '', /@test\.user$/, 'a new personal chat for that user');
    assert.equal(await open(other.id, 'to another user again'), otherChat, 'same chat on the second call');

    // By Entra object id (as Teams allows): the Playground creates a chat but keys users by `id`, so
    // sending to it answers 500 "User not found". Raw REST here: botbuilder would retry the 500 for seconds.
    const created = await fetch(`${connectorUrl}/v3/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        isGroup: false,
        bot: { id: config.bot.id },
        members: [{ id: other.aadObjectId }],
        tenantId: config.tenantId,
        channelData: { tenant: { id: config.tenantId } },
      }),
    });
    assert.equal(created.status, 201);
    const { id: byObjectId } = (await created.json()) as { id: string };
    const sent = await fetch(
      `${connectorUrl}/v3/conversations/${encodeURIComponent(byObjectId)}/activities`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'by object id', from: { id: config.bot.id } }),
      },
    );
    assert.equal(sent.status, 500);
    assert.match(await sent.text(), /User not found/);

    // For the current user it is the configured personal chat, so it shows in the UI.
    assert.equal(await open(config.currentUser.id, 'to the current user'), config.personalChat.id);
    await ui.waitForText('to the current user');
    assert.ok(
      !(await ui.transcript()).some((t) => t.includes('to another user')),
      'the UI is currentUser only',
    );
  });
});
