import type { ChatDirectory } from './chats';
import type { Exchange } from './exchange';
import { isRecord } from './http-io';
import { createActivityIdGenerator, teamsUserId } from './ids';
import type { Responder } from './responder';
import { TEAMS_ERRORS } from './teams-errors';
import type { ActivityContent, SimConversation, Transcript } from './transcript';
import type { UserProfile } from './types';

export interface OperationSettings {
  /** Writes to a conversation the simulator does not know get 404 ConversationNotFound, as in Teams. */
  readonly strictConversations: boolean;
  readonly userProfile: ((aadObjectId: string) => UserProfile | undefined) | undefined;
  readonly now: () => number;
}

function contentOf(body: Record<string, unknown>): ActivityContent {
  return {
    type: typeof body.type === 'string' ? body.type : undefined,
    text: typeof body.text === 'string' ? body.text : undefined,
    attachments: Array.isArray(body.attachments) ? body.attachments : undefined,
  };
}

/**
 * The Bot Connector operations themselves, once a request got past faults and limits: open a chat,
 * post, update or delete an activity, read the chat's member, as Teams answers each.
 */
export class ConnectorOperations {
  private readonly nextActivityId = createActivityIdGenerator();

  constructor(
    private readonly settings: OperationSettings,
    private readonly transcript: Transcript,
    private readonly chats: ChatDirectory,
    private readonly responder: Responder,
  ) {}

  /** Carries out the operation; silent records it without answering (delivered-then-timeout). */
  perform(exchange: Exchange, { silent = false } = {}): void {
    const { route, target } = exchange;
    const conversationId = target.conversationId!;
    const known = this.transcript.conversation(conversationId);
    if (route.operation !== 'createConversation' && !known && this.settings.strictConversations) {
      this.responder.reject(exchange, 404, TEAMS_ERRORS.conversationNotFound, 'not-found');
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
    this.chats.noteUser(userId, aadObjectId!);
    this.transcript.ensureConversation({
      id: conversationId!,
      aadObjectId,
      userId,
      tenantId: tenantKey,
      createdAt: this.settings.now(),
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
        at: this.settings.now(),
      });
    }
    this.responder.succeed(
      exchange,
      201,
      activityId ? { id: conversationId, activityId } : { id: conversationId },
      silent,
    );
  }

  private postActivity(exchange: Exchange, silent: boolean): void {
    const { body, route, target } = exchange;
    if (!isRecord(body) || typeof body.type !== 'string') {
      this.responder.reject(exchange, 400, TEAMS_ERRORS.badArgument, 'bad-request');
      return;
    }
    const activityId = this.nextActivityId();
    this.transcript.recordActivity({
      conversationId: target.conversationId!,
      activityId,
      operation: route.operation === 'replyToActivity' ? 'replyToActivity' : 'sendToConversation',
      content: contentOf(body),
      replyToId: route.activityId,
      at: this.settings.now(),
    });
    this.responder.succeed(exchange, 201, { id: activityId }, silent);
  }

  private changeActivity(exchange: Exchange, silent: boolean): void {
    const { body, route, target } = exchange;
    const activityId = route.activityId!;
    if (!this.transcript.hasActivity(target.conversationId!, activityId)) {
      this.responder.reject(exchange, 404, TEAMS_ERRORS.activityNotFound, 'not-found');
      return;
    }
    if (route.operation === 'deleteActivity') {
      this.transcript.recordDelete(activityId);
      this.responder.succeed(exchange, 200, undefined, silent);
      return;
    }
    if (!isRecord(body)) {
      this.responder.reject(exchange, 400, TEAMS_ERRORS.badArgument, 'bad-request');
      return;
    }
    this.transcript.recordUpdate(activityId, contentOf(body), this.settings.now());
    this.responder.succeed(exchange, 200, { id: activityId }, silent);
  }

  private members(exchange: Exchange, conversation: SimConversation | undefined): void {
    const { route } = exchange;
    const member = conversation ? this.memberOf(conversation) : undefined;
    if (!member) {
      this.responder.reject(exchange, 404, TEAMS_ERRORS.conversationNotFound, 'not-found');
      return;
    }
    if (route.operation === 'getMember') {
      if (route.memberId !== member.id && route.memberId !== member.aadObjectId) {
        this.responder.reject(exchange, 404, TEAMS_ERRORS.memberNotFound, 'not-found');
        return;
      }
      this.responder.succeed(exchange, 200, member, false);
      return;
    }
    this.responder.succeed(exchange, 200, route.paged ? { members: [member] } : [member], false);
  }

  private memberOf(conversation: SimConversation): Record<string, unknown> | undefined {
    if (!conversation.userId || !conversation.aadObjectId) return undefined;
    const profile = this.settings.userProfile?.(conversation.aadObjectId) ?? {};
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
