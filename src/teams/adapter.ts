import { CloudAdapter } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';
import {
  type BotIdentityConfig,
  botFrameworkAuthOptions,
  SingleAttemptBotFrameworkAuthentication,
} from './authentication';
import { ProactiveConnector } from './proactive-connector';
import { DEFAULT_CONNECTOR_TIMEOUT_MS } from './single-attempt-connector';
import { type Apology, createTurnErrorHandler } from './turn-error';
import { retryThrottledTurnWrites } from './turn-replies';

export type AdapterConfig = BotIdentityConfig & Partial<Pick<Config, 'NODE_ENV' | 'TEAMS_SERVICE_URL'>>;

export interface AdapterOptions {
  /** Deadline for one Bot Connector request. Default 15 s. */
  readonly requestTimeoutMs?: number;
  /** Awaited before every Bot Connector request (the per-tenant rate gate shared by all processes). */
  readonly beforeRequest?: () => Promise<void>;
  /** What a person reads when their turn failed; plain English without it. */
  readonly apology?: Apology;
}

/** The CloudAdapter (incoming turns) and, on the same identity and clients, the proactive calls. */
export class TeamsAdapter extends CloudAdapter {
  constructor(authentication: SingleAttemptBotFrameworkAuthentication, botId: string) {
    super(authentication);
    this.proactive = new ProactiveConnector(authentication, botId);
  }

  readonly proactive: ProactiveConnector;
}

/** Development against a Bot Connector on this machine (`npm run dev`, the Playground, the simulators). */
function isLocalSetUp(config: AdapterConfig): boolean {
  if (config.NODE_ENV !== 'development' || !config.TEAMS_SERVICE_URL) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(config.TEAMS_SERVICE_URL).hostname);
  } catch {
    return false;
  }
}

/**
 * The one CloudAdapter of a process. Its Bot Connector clients make one attempt per call (no
 * hidden retries; the queues own retrying) and give up after requestTimeoutMs.
 */
export function createCloudAdapter(
  config: AdapterConfig,
  logger: Logger,
  options: AdapterOptions = {},
): TeamsAdapter {
  if (!config.BOT_ID) {
    const message = 'BOT_ID is empty: Bot Framework authentication is off (local use only)';
    // On this machine with a local Bot Connector it is the set-up, not a fault (the dev banner says so).
    if (isLocalSetUp(config)) logger.debug(message);
    else logger.warn(message);
  }
  const authentication = new SingleAttemptBotFrameworkAuthentication(botFrameworkAuthOptions(config), {
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_CONNECTOR_TIMEOUT_MS,
    beforeSend: options.beforeRequest,
  });
  const adapter = new TeamsAdapter(authentication, config.BOT_ID);
  adapter.use(retryThrottledTurnWrites);
  adapter.onTurnError = createTurnErrorHandler(logger, options.apology);
  return adapter;
}
