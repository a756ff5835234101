/**
 * A new Graph call needs its resource in the Graph simulator: src/dev/graph-sim/resources/<resource>.ts,
 * registered in src/dev/graph-sim/routes.ts, answering as the documented service does (status and
 * error codes, paging, throttling through graph-sim/limits.ts), and a test in test/integration/graph/
 * that drives the real SDK against it. Tests and the local world have no other Graph.
 */
import { ClientSecretCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  type Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { Config } from '../config';

/**
 * The one Graph client of the process. With GRAPH_TENANT_ID/CLIENT_ID/CLIENT_SECRET it signs in as
 * the app (client credentials); without them it sends no token, which is what the local simulator
 * expects (the SDK only attaches tokens for https Graph hosts anyway). The SDK's RetryHandler stays
 * in the chain: it retries 429/503/504 on single requests and honours Retry-After.
 */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type GraphConfig = Pick<
  Config,
  'GRAPH_BASE_URL' | 'GRAPH_TENANT_ID' | 'GRAPH_CLIENT_ID' | 'GRAPH_CLIENT_SECRET'
>;

export interface GraphClientOptions {
  /** RetryHandler attempts for one request (SDK default 3, at most 10). 0 turns retrying off. */
  maxRetries?: number;
  /** Backoff when Graph sends no Retry-After, in seconds (SDK default 3). */
  retryDelaySeconds?: number;
}

export class GraphConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphConfigError';
  }
}

function credentialsOf(
  config: GraphConfig,
): { tenantId: string; clientId: string; clientSecret: string } | undefined {
  const values = [config.GRAPH_TENANT_ID, config.GRAPH_CLIENT_ID, config.GRAPH_CLIENT_SECRET];
  if (values.every((value) => !value)) return undefined;
  if (values.some((value) => !value)) {
    throw new GraphConfigError(
      'GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET must be set together',
    );
  }
  return {
    tenantId: config.GRAPH_TENANT_ID,
    clientId: config.GRAPH_CLIENT_ID,
    clientSecret: config.GRAPH_CLIENT_SECRET,
  };
}

export function createGraphClient(config: GraphConfig, options: GraphClientOptions = {}): Client {
  const baseUrl = config.GRAPH_BASE_URL.replace(/\/+$/, '');
  const credentials = credentialsOf(config);
  const chain: Middleware[] = [];
  if (credentials) {
    const credential = new ClientSecretCredential(
      credentials.tenantId,
      credentials.clientId,
      credentials.clientSecret,
    );
    chain.push(
      new AuthenticationHandler(
        new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }),
      ),
    );
  }
  chain.push(
    new RetryHandler(new RetryHandlerOptions(options.retryDelaySeconds ?? 3, options.maxRetries ?? 3)),
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new HTTPMessageHandler(),
  );
  return Client.initWithMiddleware({
    baseUrl,
    middleware: chain,
    // A token goes to a non-Microsoft https host (a proxy, a national cloud alias) only if it is named here.
    ...(credentials ? { customHosts: new Set([new URL(baseUrl).hostname]) } : {}),
  });
}
