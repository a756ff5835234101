import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../logger';
import { ConnectorService } from './connector-service';
import { handleControl } from './control-routes';
import { type ConnectorFaults, FaultInjector } from './faults';
import { type HostedFile, SimFiles, type UploadedFile, type UploadInfo } from './files';
import { sendJson } from './http-io';
import { type LimitOptions, TeamsLimits } from './limits';
import { matchRoute } from './routes';
import { TEAMS_ERRORS } from './teams-errors';
import { Transcript, type TranscriptOptions } from './transcript';
import type { ConnectorSimStats, RandomFaults, UserProfile } from './types';

export interface ConnectorSimulatorOptions {
  /** Default 0: a free port. Always bound to 127.0.0.1 unless host says otherwise. */
  readonly port?: number;
  readonly host?: string;
  /** Teams' rate limits; on by default with the documented values. */
  readonly limits?: LimitOptions;
  /** Two requests in flight to one conversation are always counted; reject: true also answers them with status (default 429). */
  readonly concurrency?: { readonly reject?: boolean; readonly status?: number };
  /** Added before each answer; a range picks uniformly. Default 0. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  readonly random?: RandomFaults;
  /** createConversation for a user without the app installed gets 403, as in Teams. Default false. */
  readonly requireInstall?: boolean;
  /** Who has the app installed (e.g. the Graph simulator's installedApps). */
  readonly isInstalled?: (aadObjectId: string) => boolean | Promise<boolean>;
  readonly installed?: Iterable<string>;
  /**
   * Writes to a conversation the simulator does not know (never created, never added, or forgotten)
   * get 404 ConversationNotFound, as in Teams. Default true; false accepts any conversation id.
   */
  readonly strictConversations?: boolean;
  /** How long a held ("timeout") response stays open before its socket is dropped. Default 30 s. */
  readonly timeoutHoldMs?: number;
  /** Bodies above this get 413 MessageSizeTooBig. Default 256 KiB. */
  readonly maxBodyBytes?: number;
  readonly transcript?: TranscriptOptions;
  /** Names and mail for the roster endpoints (TeamsInfo.getMember). */
  readonly userProfile?: (aadObjectId: string) => UserProfile | undefined;
  /** Clock for rate limits and timestamps. Default Date.now. */
  readonly now?: () => number;
  /** Unexpected handler errors go here; nothing is logged without it. */
  readonly logger?: Logger;
}

export interface ConnectorSimulator {
  /** The serviceUrl to give botbuilder, ending in `/`. */
  readonly url: string;
  readonly port: number;
  readonly transcript: Transcript;
  readonly faults: ConnectorFaults;
  readonly stats: ConnectorSimStats;
  /** Requests open right now to a conversation. */
  inFlight(conversationId: string): number;
  /** A chat Teams knows although the bot did not create it: the user wrote to the bot in it. */
  addConversation(conversation: { id: string; aadObjectId?: string; tenantId?: string }): void;
  /**
   * Teams forgets the chat: writes to it answer 404 ConversationNotFound, and the user's next
   * createConversation opens a new chat. False when the chat was not known.
   */
  forgetConversation(conversationId: string): boolean;
  /** The user sends a file in the chat: Teams holds it and gives the bot a download link (valid an hour). */
  hostFile(name: string, content: Buffer, ttlMs?: number): HostedFile;
  /** How many times the bot downloaded a sent file (0: never opened). */
  downloads(uniqueId: string): number;
  /** The user accepts a FileConsentCard: the upload session Teams hands the bot. */
  openUpload(name: string): UploadInfo;
  /** What the bot uploaded into a session (undefined: no such session). */
  uploaded(uniqueId: string): UploadedFile | undefined;
  /** Forgets transcript, counters, rate-limit state and faults (back to the start options). */
  reset(): void;
  close(): Promise<void>;
}

function latencyRange(latency: ConnectorSimulatorOptions['latencyMs']): { min: number; max: number } {
  if (latency === undefined) return { min: 0, max: 0 };
  if (typeof latency === 'number') return { min: latency, max: latency };
  return { min: latency.min, max: Math.max(latency.min, latency.max) };
}

/**
 * A local Bot Connector (the REST API behind a Teams `serviceUrl`) that enforces Teams' limits and
 * misbehaves on request, so the real botbuilder client can be tested without a tenant.
 */
export async function startConnectorSimulator(
  options: ConnectorSimulatorOptions = {},
): Promise<ConnectorSimulator> {
  const now = options.now ?? Date.now;
  const transcript = new Transcript(options.transcript);
  const faults = new FaultInjector({
    random: options.random,
    requireInstall: options.requireInstall,
    isInstalled: options.isInstalled,
    installed: options.installed,
  });
  const limits = new TeamsLimits(options.limits);
  let baseUrl = '';
  const files = new SimFiles(() => baseUrl, now);
  const service = new ConnectorService(
    {
      rejectConcurrent: options.concurrency?.reject ?? false,
      concurrentStatus: options.concurrency?.status ?? 429,
      latency: latencyRange(options.latencyMs),
      strictConversations: options.strictConversations ?? true,
      timeoutHoldMs: options.timeoutHoldMs ?? 30_000,
      maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
      userProfile: options.userProfile,
      now,
    },
    transcript,
    faults,
    limits,
  );

  const reset = (): void => {
    transcript.reset();
    faults.reset();
    limits.reset();
    service.reset();
    files.reset();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://connector-sim.local');
    if (url.pathname.startsWith('/_sim/')) {
      await handleControl(
        { transcript, faults, reset, conversations: service, files },
        request,
        response,
        url,
      );
      return;
    }
    // The files Teams keeps for the chat (OneDrive / SharePoint behind the real service).
    if (url.pathname.startsWith('/_files/')) return files.serveDownload(request, response, url);
    if (url.pathname.startsWith('/_uploads/')) return files.receiveUpload(request, response, url);
    const route = matchRoute(request.method ?? 'GET', url.pathname);
    if (!route) {
      request.resume();
      sendJson(response, 404, TEAMS_ERRORS.notFoundRoute);
      return;
    }
    await service.handle(request, response, route);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.logger?.error({ err: error }, 'connector simulator failed on a request');
      sendJson(response, 500, TEAMS_ERRORS.serviceError);
    });
  });
  // Longer than any client's idle keep-alive, so a reused socket is never closed under a request
  // (that race would show up as a spurious ECONNRESET); close() drops idle sockets anyway.
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}/`;

  return {
    url: baseUrl,
    port: address.port,
    transcript,
    faults,
    get stats() {
      return transcript.stats;
    },
    inFlight: (conversationId) => service.inFlight.count(conversationId),
    addConversation: (conversation) => service.addConversation(conversation),
    forgetConversation: (conversationId) => service.forgetConversation(conversationId),
    hostFile: (name, content, ttlMs) => files.hostFile(name, content, ttlMs),
    downloads: (uniqueId) => files.downloads(uniqueId),
    openUpload: (name) => files.openUpload(name),
    uploaded: (uniqueId) => files.uploaded(uniqueId),
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        service.releaseHeld();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
