import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatDirectory } from './chats';
import { type Exchange, NO_TARGET } from './exchange';
import type { FaultContext, FaultDecision, FaultInjector } from './faults';
import { RequestBodyError, readJsonBody } from './http-io';
import { InFlightTracker } from './in-flight';
import type { TeamsLimits } from './limits';
import { ConnectorOperations } from './operations';
import { Responder } from './responder';
import type { ConnectorRoute } from './routes';
import { defaultErrorBody, TEAMS_ERRORS } from './teams-errors';
import type { Transcript } from './transcript';
import type { RejectionReason, SimOperation, UserProfile } from './types';

export interface ConnectorServiceConfig {
  /** Reject a request that arrives while another one to the same conversation is open. */
  readonly rejectConcurrent: boolean;
  readonly concurrentStatus: number;
  readonly latency: { readonly min: number; readonly max: number };
  /** Writes to a conversation the simulator does not know get 404 ConversationNotFound, as in Teams. */
  readonly strictConversations: boolean;
  readonly timeoutHoldMs: number;
  readonly maxBodyBytes: number;
  readonly userProfile: ((aadObjectId: string) => UserProfile | undefined) | undefined;
  readonly now: () => number;
}

const DELIVERING: ReadonlySet<SimOperation> = new Set([
  'createConversation',
  'sendToConversation',
  'replyToActivity',
  'updateActivity',
]);

/**
 * The Bot Connector side of the simulator: one request in, one Teams-like answer out, in the order
 * Teams appears to apply things: scripted faults, rate limits, who the user is, random faults,
 * then the operation itself (operations.ts).
 */
export class ConnectorService {
  readonly inFlight = new InFlightTracker();
  private readonly chats: ChatDirectory;
  private readonly responder: Responder;
  private readonly operations: ConnectorOperations;

  constructor(
    private readonly config: ConnectorServiceConfig,
    private readonly transcript: Transcript,
    private readonly faults: FaultInjector,
    private readonly limits: TeamsLimits,
  ) {
    this.chats = new ChatDirectory(transcript, config.now);
    this.responder = new Responder(transcript, config);
    this.operations = new ConnectorOperations(config, transcript, this.chats, this.responder);
  }

  async handle(request: IncomingMessage, response: ServerResponse, route: ConnectorRoute): Promise<void> {
    this.transcript.noteRequest(route.operation);
    const exchange: Exchange = { request, response, route, body: undefined, target: NO_TARGET };
    // Conversation routes carry the id in the URL: count them as in flight from arrival.
    if (route.conversationId !== undefined) {
      exchange.target = this.chats.conversationTarget(route.conversationId, undefined);
      if (!this.track(exchange, route.conversationId)) return;
    }

    if (request.method === 'POST' || request.method === 'PUT') {
      try {
        exchange.body = await readJsonBody(request, this.config.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof RequestBodyError)) throw error;
        const body = error.status === 413 ? TEAMS_ERRORS.messageTooBig : TEAMS_ERRORS.badSyntax;
        this.responder.reject(exchange, error.status, body, 'bad-request');
        return;
      }
    }

    if (route.operation === 'createConversation') {
      const target = this.chats.createTarget(exchange.body);
      if (!target) {
        this.responder.reject(exchange, 400, TEAMS_ERRORS.badArgument, 'bad-request');
        return;
      }
      exchange.target = target;
      if (!this.track(exchange, target.conversationId!)) return;
    } else {
      exchange.target = this.chats.conversationTarget(route.conversationId!, exchange.body);
    }

    const decision = await this.decide(exchange);
    await this.delay();
    if (decision) {
      this.applyFault(exchange, decision);
      return;
    }
    this.operations.perform(exchange);
  }

  /** Drops every response a timeout fault is holding (on close, so the process can exit). */
  releaseHeld(): void {
    this.responder.releaseHeld();
  }

  /** Forget the id map (after reset); ids stay stable anyway since they are derived. */
  reset(): void {
    this.chats.reset();
  }

  /** A chat the user opened from their side (they wrote to the bot): Teams knows it. */
  addConversation(conversation: { id: string; aadObjectId?: string; tenantId?: string }): void {
    this.chats.add(conversation);
  }

  /**
   * Teams forgets a chat (chats reset, the app removed and added again, an emulator restarted):
   * writes to it answer 404 ConversationNotFound, and the user's next createConversation opens a
   * new chat with a new id. False when the simulator did not know the chat.
   */
  forgetConversation(conversationId: string): boolean {
    return this.chats.forget(conversationId);
  }

  private track(exchange: Exchange, conversationId: string): boolean {
    const before = this.inFlight.enter(conversationId);
    // 'finish' (answer handed to the socket) comes before the client can send its next request;
    // 'close' covers answers that never finish (dropped sockets).
    let open = true;
    const release = () => {
      if (open) this.inFlight.leave(conversationId);
      open = false;
    };
    exchange.response.once('finish', release);
    exchange.response.once('close', release);
    if (before === 0) return true;
    this.transcript.recordViolation({
      at: this.config.now(),
      conversationId,
      operation: exchange.route.operation,
      alreadyInFlight: before,
    });
    if (!this.config.rejectConcurrent) return true;
    const status = this.config.concurrentStatus;
    const headers: Record<string, string> = status === 429 ? { 'retry-after': '1' } : {};
    this.responder.reject(exchange, status, defaultErrorBody(status), 'concurrent', headers);
    return false;
  }

  private async decide(exchange: Exchange): Promise<FaultDecision | undefined> {
    const { route, target } = exchange;
    const context: FaultContext = {
      operation: route.operation,
      conversationId: target.conversationId,
      aadObjectId: target.aadObjectId,
    };
    const scripted = this.faults.takeScripted(context);
    if (scripted) return scripted;
    const countsForConversation =
      route.operation !== 'createConversation' || this.limits.countCreateConversation;
    const conversationKey = countsForConversation ? target.conversationId : undefined;
    const verdict = this.limits.check(target.tenantKey, conversationKey, this.config.now());
    if (!verdict.allowed) {
      const reason: RejectionReason = verdict.scope === 'tenant' ? 'tenant-limit' : 'conversation-limit';
      const retryAfterSeconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      return { action: { kind: 'status', status: 429, retryAfterSeconds }, reason };
    }
    return (await this.faults.userState(context)) ?? this.faults.rollRandom(context);
  }

  private async delay(): Promise<void> {
    const { min, max } = this.config.latency;
    const ms = min + Math.random() * (max - min);
    if (ms > 0) await sleep(ms);
  }

  private applyFault(exchange: Exchange, decision: FaultDecision): void {
    const { action } = decision;
    if (action.kind === 'timeout') {
      // The ambiguous failure: Teams delivered the message but the answer never arrived.
      if (action.deliver && DELIVERING.has(exchange.route.operation)) {
        this.operations.perform(exchange, { silent: true });
        // The operation itself failed (bad body, unknown activity) and already answered.
        if (exchange.response.headersSent) return;
      }
      this.responder.timeOut(exchange, action.mode, decision.reason);
      return;
    }
    const headers: Record<string, string> = {};
    if (action.retryAfterSeconds !== undefined) headers['retry-after'] = String(action.retryAfterSeconds);
    else if (action.status === 429) headers['retry-after'] = '1';
    this.responder.reject(
      exchange,
      action.status,
      action.body ?? defaultErrorBody(action.status),
      decision.reason,
      headers,
    );
  }
}
