import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Config, loadConfig } from '../../src/config';
import type { ConnectorSimulatorOptions } from '../../src/dev/connector-sim';
import { type ConnectorSimulator, startConnectorSimulator } from '../../src/dev/connector-sim';
import {
  type GraphSimulator,
  type GraphSimulatorOptions,
  SAMPLE_GROUPS,
  SAMPLE_TENANT_ID,
  startGraphSimulator,
} from '../../src/dev/graph-sim';
import { createLogger, type Logger } from '../../src/logger';
import { createRuntime, type Runtime } from '../../src/runtime';
import { createHttpServer, listen } from '../../src/server/http-server';
import { deleteKeys, randomPrefix, testRedisUrl } from './redis';

/**
 * The whole bot on loopback: real Redis (own key prefix), real BullMQ, the Graph simulator with the
 * sample tenant behind the real Graph client, the connector simulator behind the real CloudAdapter,
 * and the restify endpoint. Tests talk to it the way Teams does: HTTP activities in, connector calls out.
 */
export interface Stack {
  config: Config;
  runtime: Runtime;
  graph: GraphSimulator;
  connector: ConnectorSimulator;
  botUrl: string;
  /** Posts an activity to /api/messages as Teams would; returns the HTTP status and body. */
  post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }>;
  /**
   * The user removes the app in Teams: Graph no longer lists it for them, and the bot is out of
   * their chat (403 BotNotInConversationRoster) until the app is installed again.
   */
  removeAppFor(userId: string): void;
  close(): Promise<void>;
}

export interface StackOptions {
  env?: Record<string, string>;
  connector?: ConnectorSimulatorOptions;
  graph?: GraphSimulatorOptions;
  startWorkers?: boolean;
  /** The bot's logger (default: pino at LOG_LEVEL), e.g. one whose lines a test reads. */
  logger?: Logger;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const graph = await startGraphSimulator({ registrationDetailsLimit: false, ...options.graph });
  const connector = await startConnectorSimulator({ ...options.connector });
  // Installing the app through Graph puts the bot back into the user's chats, as in Teams.
  graph.onInstall((userId) => connector.faults.markInstalled(userId));
  const prefix = randomPrefix('stack');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    GRAPH_BASE_URL: graph.url,
    TEAMS_SERVICE_URL: connector.url,
    TENANT_ID: SAMPLE_TENANT_ID,
    TEAMS_APP_ID: 'a4b1c2d3-0000-4000-8000-00000000beef',
    ADMIN_GROUP_ID: SAMPLE_GROUPS.admins,
    ORGANIZATION_NAME: 'Contoso',
    ...options.env,
  });
  // The team the bot is installed in has the admin channel: Teams knows its conversation.
  if (config.ADMIN_CHANNEL_ID)
    connector.addConversation({ id: config.ADMIN_CHANNEL_ID, tenantId: SAMPLE_TENANT_ID });
  const runtime = createRuntime(config, options.logger ?? createLogger(config.LOG_LEVEL), testRedisUrl());
  if (options.startWorkers !== false) runtime.startWorkers();
  const server = createHttpServer({
    adapter: runtime.adapter,
    bot: runtime.bot,
    redis: runtime.redis,
    logger: runtime.deps.logger,
  });
  const port = await listen(server, 0, '127.0.0.1');
  const botUrl = `http://127.0.0.1:${port}`;
  return {
    config,
    runtime,
    graph,
    connector,
    botUrl,
    async post(activity) {
      // Teams knows every chat a user writes in, so the bot may answer there (and later write to it).
      const conversation = activity.conversation as
        | { id?: string; conversationType?: string; tenantId?: string }
        | undefined;
      if (conversation?.id) {
        const from = activity.from as { aadObjectId?: string } | undefined;
        connector.addConversation({
          id: conversation.id,
          aadObjectId: conversation.conversationType === 'personal' ? from?.aadObjectId : undefined,
          tenantId: conversation.tenantId,
        });
      }
      const response = await fetch(`${botUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    removeAppFor(userId) {
      graph.state.uninstallApp(userId, config.TEAMS_APP_ID);
      connector.faults.markUninstalled(userId);
    },
    async close() {
      server.close();
      await runtime.close();
      const redis = new Redis(testRedisUrl());
      await deleteKeys(redis, prefix);
      redis.disconnect();
      await connector.close();
      await graph.close();
    },
  };
}

export interface TeamsUser {
  aadObjectId: string;
  name: string;
}

/** What every activity from a user in a 1:1 chat carries, shaped like what Teams sends. */
function personalEnvelope(stack: Stack, user: TeamsUser, conversationId: string) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: stack.connector.url,
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:bot', name: 'MFA Rollout' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: SAMPLE_TENANT_ID },
    channelData: { tenant: { id: SAMPLE_TENANT_ID } },
    locale: 'en-US',
  };
}

/** A 1:1 message from a user. */
export function personalMessage(
  stack: Stack,
  user: TeamsUser,
  text: string,
  conversationId = `a:chat-${user.aadObjectId}`,
) {
  return { ...personalEnvelope(stack, user, conversationId), type: 'message', text };
}

/** The user installs the app for themselves (or a client opens the personal chat): Teams' installationUpdate. */
export function personalInstall(
  stack: Stack,
  user: TeamsUser,
  conversationId = `a:chat-${user.aadObjectId}`,
) {
  return { ...personalEnvelope(stack, user, conversationId), type: 'installationUpdate', action: 'add' };
}

/** The bot joins the user's 1:1 chat: Teams' conversationUpdate, with the bot among the members added. */
export function personalChatOpened(
  stack: Stack,
  user: TeamsUser,
  conversationId = `a:chat-${user.aadObjectId}`,
) {
  return {
    ...personalEnvelope(stack, user, conversationId),
    type: 'conversationUpdate',
    membersAdded: [{ id: '28:bot', name: 'MFA Rollout' }],
  };
}

/** An Action.Execute click, as Teams sends it (invoke adaptiveCard/action). */
export function cardClick(
  stack: Stack,
  user: TeamsUser,
  verb: string,
  data: Record<string, unknown>,
  replyToId?: string,
) {
  return {
    ...personalEnvelope(stack, user, `a:chat-${user.aadObjectId}`),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/**
 * An Action.Execute click on a card in a team channel, as Teams sends it: the conversation is the
 * channel's thread (`<channel id>;messageid=<thread>`), the clicker one of the team's members.
 */
export function channelCardClick(
  stack: Stack,
  user: TeamsUser,
  channelId: string,
  verb: string,
  data: Record<string, unknown>,
  replyToId?: string,
) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: stack.connector.url,
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:bot', name: 'MFA Rollout' },
    conversation: {
      id: `${channelId};messageid=${replyToId ?? '1'}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: SAMPLE_TENANT_ID,
    },
    channelData: {
      tenant: { id: SAMPLE_TENANT_ID },
      channel: { id: channelId },
      team: { id: '19:team-general@thread.tacv2' },
    },
    locale: 'en-US',
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** Polls until `check` returns a value (not undefined/false) or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every Action.Execute in a card, with its verb and data. */
export function cardActions(
  card: unknown,
): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute') {
        found.push({
          title: String(record.title),
          verb: String(record.verb),
          data: (record.data ?? {}) as Record<string, unknown>,
        });
      }
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(card);
  return found;
}

/** All text a card shows, flattened, for assertions on what a person would read. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const [key, value] of Object.entries(record)) {
        if ((key === 'text' || key === 'title' || key === 'value') && typeof value === 'string')
          parts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return parts.join('\n');
}
