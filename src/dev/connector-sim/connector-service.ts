import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultContext, FaultDecision, FaultInjector } from './faults';
import { isRecord, RequestBodyError, readJsonBody, sendJson } from './http-io';
import { createActivityIdGenerator, personalConversationId, teamsUserId, userKeyOf } from './ids';
import { InFlightTracker } from './in-flight';
import type { TeamsLimits } from './limits';
import type { ConnectorRoute } from './routes';
import { defaultErrorBody, TEAMS_ERRORS } from './teams-errors';
import type { ActivityContent, SimConversation, Transcript } from './transcript';
import type { RejectionReason, SimOperation, TimeoutMode } from './types';

export interface UserProfile {
  readonly name?: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
}

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

/** Who a request is about, worked out from its route and body. */
interface Target {
  readonly conversationId: string | undefined;
  readonly aadObjectId: string | undefined;
  readonly tenantKey: string;
}

interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly route: ConnectorRoute;
  body: unknown;
  target: Target;
}

const NO_TARGET: Target = { conversationId: undefined, aadObjectId: undefined, tenantKey: 'default' };

const DELIVERING: ReadonlySet<SimOperation> = new Set([
  'createConversation',
  'sendToConversation',
  'replyToActivity',
  'updateActivity',
]);

function tenantOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.tenantId === 'string' && body.tenantId) return body.tenantId;
  const conversation = body.conversation;
  if (isRecord(conversation) && typeof conversation.tenantId === 'string' && conversation.tenantId) {
    return conversation.tenantId;
  }
  const channelData = body.channelData;
  if (isRecord(channelData) && isRecord(channelData.tenant) && typeof channelData.tenant.id === 'string') {
    return channelData.tenant.id;
  }
  return undefined;
}

function contentOf(body: Record<string, unknown>): ActivityContent {
  return {
    type: typeof body.type === 'string' ? body.type : undefined,
    text: typeof body.text === 'string' ? body.text : undefined,
    attachments: Array.isArray(body.attachments) ? body.attachments : undefined,
  };
}

/**
 * The Bot Connector side of the simulator: one request in, one Teams-like answer out, in the order
 * Teams appears to apply things: scripted faults, rate limits, who the user is, random faults,
 * then the operation itself.
 */
export class ConnectorService {
  readonly inFlight = new InFlightTracker();
  private readonly nextActivityId = createActivityIdGenerator();
  private readonly userByTeamsId = new Map<string, string>();
  /** Per user, how many of their chats with the bot Teams forgot: the next create opens a new one. */
  private readonly forgottenChats = new Map<string, number>();
  /** 1:1 chats users opened from their side: Teams has one chat per user and bot, and returns it. */
  private readonly openedChats = new Map<string, string>();
  private readonly held = new Set<ServerResponse>();

  constructor(
    private readonly config: ConnectorServiceConfig,
    private readonly transcript: Transcript,
    private readonly faults: FaultInjector,
    private readonly limits: TeamsLimits,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse, route: ConnectorRoute): Promise<void> {
    this.transcript.noteRequest(route.operation);
    const exchange: Exchange = { request, response, route, body: undefined, target: NO_TARGET };
    // Conversation routes carry the id in the URL: count them as in flight from arrival.
    if (route.conversationId !== undefined) {
      exchange.target = this.conversationTarget(route.conversationId, undefined);
      if (!this.track(exchange, route.conversationId)) return;
    }

    if (request.method === 'POST' || request.method === 'PUT') {
      try {
        exchange.body = await readJsonBody(request, this.config.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof RequestBodyError)) throw error;
        const body = error.status === 413 ? TEAMS_ERRORS.messageTooBig : TEAMS_ERRORS.badSyntax;
        this.reject(exchange, error.status, body, 'bad-request');
        return;
      }
    }

    if (route.operation === 'createConversation') {
      const target = this.createTarget(exchange.body);
      if (!target) {
        this.reject(exchange, 400, TEAMS_ERRORS.badArgument, 'bad-request');
        return;
      }
      exchange.target = target;
      if (!this.track(exchange, target.conversationId!)) return;
    } else {
      exchange.target = this.conversationTarget(route.conversationId!, exchange.body);
    }

    const decision = await this.decide(exchange);
    await this.delay();
    if (decision) {
      this.applyFault(exchange, decision);
      return;
    }
    this.perform(exchange);
  }

  /** Drops every response a timeout fault is holding (on close, so the process can exit). */
  releaseHeld(): void {
    for (const response of this.held) response.destroy();
    this.held.clear();
  }

  /** Forget the id map (after reset); ids stay stable anyway since they are derived. */
  reset(): void {
    this.userByTeamsId.clear();
    this.forgottenChats.clear();
    this.openedChats.clear();
  }

  /** A chat the user opened from their side (they wrote to the bot): Teams knows it. */
  addConversation(conversation: { id: string; aadObjectId?: string; tenantId?: string }): void {
    const { id, aadObjectId, tenantId } = conversation;
    const userId = aadObjectId && tenantId ? teamsUserId(tenantId, aadObjectId) : undefined;
    if (userId && aadObjectId) this.userByTeamsId.set(userId, aadObjectId);
    if (aadObjectId) this.openedChats.set(aadObjectId, id);
    this.transcript.addConversation({ id, aadObjectId, userId, tenantId, createdAt: this.config.now() });
  }

  /**
   * Teams forgets a chat (chats reset, the app removed and added again, an emulator restarted):
   * writes to it answer 404 ConversationNotFound, and the user's next createConversation opens a
   * new chat with a new id. False when the simulator did not know the chat.
   */
  forgetConversation(conversationId: string): boolean {
    const forgotten = this.transcript.forgetConversation(conversationId);
    if (!forgotten) return false;
    const user = forgotten.aadObjectId;
    if (user !== undefined && this.openedChats.get(user) === conversationId) this.openedChats.delete(user);
    if (user !== undefined) this.forgottenChats.set(user, (this.forgottenChats.get(user) ?? 0) + 1);
    return true;
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
    this.reject(exchange, status, defaultErrorBody(status), 'concurrent', headers);
    return false;
  }

  private createTarget(body: unknown): Target | undefined {
    if (
      !isRecord(body) ||
      body.isGroup === true ||
      !Array.isArray(body.members) ||
      body.members.length !== 1
    ) {
      return undefined;
    }
    const member = body.members[0];
    const tenantId = tenantOf(body);
    const userKey = isRecord(member) ? userKeyOf(member) : undefined;
    if (!userKey || !tenantId) return undefined;
    const aadObjectId = this.userByTeamsId.get(userKey) ?? userKey;
    const botId = isRecord(body.bot) && typeof body.bot.id === 'string' ? body.bot.id : '';
    return {
      conversationId:
        this.openedChats.get(aadObjectId) ??
        personalConversationId(tenantId, botId, aadObjectId, this.forgottenChats.get(aadObjectId)),
      aadObjectId,
      tenantKey: tenantId,
    };
  }

  private conversationTarget(conversationId: string, body: unknown): Target {
    const conversation = this.transcript.conversation(conversationId);
    return {
      conversationId,
      aadObjectId: conversation?.aadObjectId,
      tenantKey: conversation?.tenantId ?? tenantOf(body) ?? 'default',
    };
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
        this.perform(exchange, { silent: true });
        // The operation itself failed (bad body, unknown activity) and already answered.
        if (exchange.response.headersSent) return;
      }
      this.timeOut(exchange, action.mode, decision.reason);
      return;
    }
    const headers: Record<string, string> = {};
    if (action.retryAfterSeconds !== undefined) headers['retry-after'] = String(action.retryAfterSeconds);
    else if (action.status === 429) headers['retry-after'] = '1';
    this.reject(
      exchange,
      action.status,
      action.body ?? defaultErrorBody(action.status),
      decision.reason,
      headers,
    );
  }

  private timeOut(exchange: Exchange, mode: TimeoutMode, reason: RejectionReason): void {
    const { response, request, route, target } = exchange;
    this.transcript.noteTimeout();
    this.transcript.recordRejection({
      at: this.config.now(),
      operation: route.operation,
      conversationId: target.conversationId,
      aadObjectId: target.aadObjectId,
      status: 0,
      reason,
      code: `timeout-${mode}`,
    });
    if (mode === 'destroy') {
      request.socket.destroy();
      return;
    }
    this.held.add(response);
    const timer = setTimeout(() => response.destroy(), this.config.timeoutHoldMs);
    timer.unref();
    response.once('close', () => {
      clearTimeout(timer);
      this.held.delete(response);
    });
  }

  private reject(
    exchange: Exchange,
    status: number,
    body: unknown,
    reason: RejectionReason,
    headers: Record<string, string> = {},
  ): void {
    const { response, route, target } = exchange;
    sendJson(response, status, body, headers);
    this.transcript.noteStatus(route.operation, status);
    const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    this.transcript.recordRejection({
      at: this.config.now(),
      operation: route.operation,
      conversationId: target.conversationId,
      aadObjectId: target.aadObjectId,
      status,
      reason,
      code: typeof error?.code === 'string' ? error.code : undefined,
    });
  }

  private succeed(exchange: Exchange, status: number, body: unknown, silent: boolean): void {
    if (silent) return;
    sendJson(exchange.response, status, body);
    this.transcript.noteStatus(exchange.route.operation, status);
  }

  /** Carries out the operation; silent records it without answering (delivered-then-timeout). */
  private perform(exchange: Exchange, { silent = false } = {}): void {
    const { route, target } = exchange;
    const conversationId = target.conversationId!;
    const known = this.transcript.conversation(conversationId);
    if (route.operation !== 'createConversation' && !known && this.config.strictConversations) {
      this.reject(exchange, 404, TEAMS_ERRORS.conversationNotFound, 'not-found');
      return;
    }
    switch (route.operation) {
      case 'createConversation':
        this.createConversation(exchange, silent);
        break;
      case 'sendToConversation':
      case 'replyToActivity':
        this.postActivity(exchange, silent);
        break;
      case 'updateActivity':
      case 'deleteActivity':
        this.changeActivity(exchange, silent);
        break;
      case 'getMembers':
      case 'getMember':
        this.members(exchange, known);
        break;
    }
  }

  private createConversation(exchange: Exchange, silent: boolean): void {
    const body = exchange.body as Record<string, unknown>;
    const { conversationId, aadObjectId, tenantKey } = exchange.target;
    const userId = teamsUserId(tenantKey, aadObjectId!);
    this.userByTeamsId.set(userId, aadObjectId!);
    this.transcript.ensureConversation({
      id: conversationId!,
      aadObjectId,
      userId,
      tenantId: tenantKey,
      createdAt: this.config.now(),
    });
    let activityId: string | undefined;
    if (isRecord(body.activity)) {
      activityId = this.nextActivityId();
      this.transcript.recordActivity({
        conversationId: conversationId!,
        activityId,
        operation: 'createConversation',
        content: contentOf(body.activity),
        replyToId: undefined,
        at: this.config.now(),
      });
    }
    this.succeed(
      exchange,
      201,
      activityId ? { id: conversationId, activityId } : { id: conversationId },
      silent,
    );
  }

  private postActivity(exchange: Exchange, silent: boolean): void {
    const { body, route, target } = exchange;
    if (!isRecord(body) || typeof body.type !== 'string') {
      this.reject(exchange, 400, TEAMS_ERRORS.badArgument, 'bad-request');
      return;
    }
    const activityId = this.nextActivityId();
    this.transcript.recordActivity({
      conversationId: target.conversationId!,
      activityId,
      operation: route.operation === 'replyToActivity' ? 'replyToActivity' : 'sendToConversation',
      content: contentOf(body),
      replyToId: route.activityId,
      at: this.config.now(),
    });
    this.succeed(exchange, 201, { id: activityId }, silent);
  }

  private changeActivity(exchange: Exchange, silent: boolean): void {
    const { body, route, target } = exchange;
    const activityId = route.activityId!;
    if (!this.transcript.hasActivity(target.conversationId!, activityId)) {
      this.reject(exchange, 404, TEAMS_ERRORS.activityNotFound, 'not-found');
      return;
    }
    if (route.operation === 'deleteActivity') {
      this.transcript.recordDelete(activityId);
      this.succeed(exchange, 200, undefined, silent);
      return;
    }
    if (!isRecord(body)) {
      this.reject(exchange, 400, TEAMS_ERRORS.badArgument, 'bad-request');
      return;
    }
    this.transcript.recordUpdate(activityId, contentOf(body), this.config.now());
    this.succeed(exchange, 200, { id: activityId }, silent);
  }

  private members(exchange: Exchange, conversation: SimConversation | undefined): void {
    const { route } = exchange;
    const member = conversation ? this.memberOf(conversation) : undefined;
    if (!member) {
      this.reject(exchange, 404, TEAMS_ERRORS.conversationNotFound, 'not-found');
      return;
    }
    if (route.operation === 'getMember') {
      if (route.memberId !== member.id && route.memberId !== member.aadObjectId) {
        this.reject(exchange, 404, TEAMS_ERRORS.memberNotFound, 'not-found');
        return;
      }
      this.succeed(exchange, 200, member, false);
      return;
    }
    this.succeed(exchange, 200, route.paged ? { members: [member] } : [member], false);
  }

  private memberOf(conversation: SimConversation): Record<string, unknown> | undefined {
    if (!conversation.userId || !conversation.aadObjectId) return undefined;
    const profile = this.config.userProfile?.(conversation.aadObjectId) ?? {};
    return {
      id: conversation.userId,
      name: profile.name ?? 'Simulated User',
      aadObjectId: conversation.aadObjectId,
      givenName: profile.givenName,
      surname: profile.surname,
      email: profile.email,
      userPrincipalName: profile.userPrincipalName,
      tenantId: conversation.tenantId,
      userRole: 'user',
    };
  }
}
