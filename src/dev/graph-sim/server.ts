import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../logger';
import { readBody } from '../read-body';
import { type ControlContext, handleControl } from './control-routes';
import { FaultInjector } from './faults';
import { errorResponse } from './graph-errors';
import { GraphLimits, type RateLimit } from './limits';
import { RequestLog } from './request-log';
import { createGraphRouter } from './routes';
import { TenantState } from './state';
import { loadSampleTenant, type SampleTenant } from './tenant-schema';
import type { SimRequest, SimResponse, SimServices } from './types';

/**
 * A Microsoft Graph stand-in on loopback that the real `@microsoft/microsoft-graph-client` talks to
 * by base URL. It asks for no token: the SDK only attaches one for https Graph hosts.
 */
export type InstallListener = (userId: string, teamsAppId: string) => void;

export interface GraphSimulatorOptions {
  /** The seed; the sample tenant file when omitted. */
  tenant?: SampleTenant;
  /** 0 (any free port) when omitted. */
  port?: number;
  host?: string;
  /** The reports API limit; 5 requests per 10 s (REPORTS_API_LIMIT) when omitted, `false` to switch it off. */
  registrationDetailsLimit?: RateLimit | false;
  /** The identity write limit; 3,000 writes per 150 s (IDENTITY_WRITE_LIMIT) when omitted, `false` to switch it off. */
  identityWriteLimit?: RateLimit | false;
  /** Called after each successful Teams app install (the Teams connector stand-in listens here). */
  onInstall?: InstallListener;
  logger?: Logger;
  /** Request log entries kept (the count goes on past it). */
  requestLogCapacity?: number;
}

export interface GraphSimulator {
  /** `http://host:port`, no trailing slash: the client's base URL. */
  readonly url: string;
  readonly port: number;
  /** The live tenant; mutate it from tests. `reset()` reloads it in place. */
  readonly state: TenantState;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  /** Graph's throttles; `limits.reports` / `limits.identityWrites` `.configure(...)` change a limit. */
  readonly limits: GraphLimits;
  isAppInstalled(userId: string, teamsAppId?: string): boolean;
  /** Another install listener; returns the unsubscribe function. */
  onInstall(listener: InstallListener): () => void;
  /** Back to the seed: tenant, faults, request log and rate-limit window. */
  reset(): void;
  close(): Promise<void>;
}

const VERSIONS = new Set(['v1.0', 'beta']);
const MAX_BODY_BYTES = 4 * 1024 * 1024;

class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

async function readText(request: IncomingMessage): Promise<string> {
  const { size, body } = await readBody(request, MAX_BODY_BYTES);
  if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
  return body.toString('utf8');
}

function send(response: ServerResponse, result: SimResponse, requestId: string): void {
  const headers: Record<string, string> = {
    'request-id': requestId,
    'client-request-id': requestId,
    ...result.headers,
  };
  if (result.body === undefined) {
    response.writeHead(result.status, headers);
    response.end();
    return;
  }
  const payload = JSON.stringify(result.body);
  headers['Content-Type'] ??= 'application/json';
  response.writeHead(result.status, { ...headers, 'Content-Length': String(Buffer.byteLength(payload)) });
  response.end(payload);
}

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const seed = options.tenant ?? loadSampleTenant();
  const state = new TenantState(seed);
  const faults = new FaultInjector();
  const requests = new RequestLog(options.requestLogCapacity);
  const limits = new GraphLimits({
    ...(options.registrationDetailsLimit === undefined ? {} : { reports: options.registrationDetailsLimit }),
    ...(options.identityWriteLimit === undefined ? {} : { identityWrites: options.identityWriteLimit }),
  });
  const listeners = new Set<InstallListener>(options.onInstall ? [options.onInstall] : []);
  const router = createGraphRouter();
  const logger = options.logger;
  let baseUrl = '';

  const services: SimServices = {
    state,
    get baseUrl() {
      return baseUrl;
    },
    limits,
    execute(request: SimRequest): SimResponse {
      const path = `/${request.version}${request.path}`;
      const result = faults.take(request.method, path) ?? router.dispatch(request, services);
      requests.record({
        method: request.method,
        path,
        query: request.query.toString(),
        status: result.status,
        batchItem: request.batchItem,
      });
      logger?.debug(
        { method: request.method, path, status: result.status, batchItem: request.batchItem },
        'graph-sim',
      );
      return result;
    },
    notifyInstall(userId, teamsAppId) {
      for (const listener of listeners) {
        try {
          listener(userId, teamsAppId);
        } catch (error) {
          logger?.warn({ err: error }, 'graph-sim install listener failed');
        }
      }
    },
  };

  const control: ControlContext = {
    state,
    faults,
    requests,
    limits,
    reset() {
      state.load(seed);
      faults.clear();
      requests.clear();
      limits.reset();
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = request.headers['client-request-id']?.toString() ?? randomUUID();
    const url = new URL(request.url ?? '/', 'http://graph-sim');
    let text: string;
    try {
      text = await readText(request);
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      send(
        response,
        errorResponse(
          tooLarge ? 413 : 400,
          'BadRequest',
          tooLarge ? 'Request too large.' : 'Unreadable body.',
        ),
        requestId,
      );
      return;
    }
    let body: unknown;
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        send(
          response,
          errorResponse(
            400,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          ),
          requestId,
        );
        return;
      }
    }
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname === '/_sim' || url.pathname.startsWith('/_sim/')) {
      send(response, handleControl(control, method, url.pathname, body), requestId);
      return;
    }
    const [, version = '', ...rest] = url.pathname.split('/');
    if (!VERSIONS.has(version)) {
      send(response, errorResponse(400, 'BadRequest', `Invalid version: ${version || '(none)'}`), requestId);
      return;
    }
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const result = services.execute({
      method,
      version,
      path: `/${rest.join('/')}`,
      query: url.searchParams,
      headers,
      body,
      batchItem: false,
    });
    send(response, result, requestId);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger?.error({ err: error }, 'graph-sim request failed');
      if (!response.headersSent)
        send(response, errorResponse(500, 'InternalServerError', 'Simulator failure.'), randomUUID());
      else response.destroy();
    });
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger?.debug({ url: baseUrl, users: state.userCount }, 'Graph simulator listening');

  return {
    url: baseUrl,
    port,
    state,
    faults,
    requests,
    limits,
    isAppInstalled: (userId, teamsAppId) => state.isAppInstalled(userId, teamsAppId),
    onInstall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset: control.reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from the SDK's fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
