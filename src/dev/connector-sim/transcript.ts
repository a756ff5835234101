import type {
  ConnectorSimStats,
  InFlightViolation,
  RejectionReason,
  SimOperation,
  TranscriptActivity,
  TranscriptRejection,
} from './types';

export interface TranscriptOptions {
  /** Keep text and attachments of each activity. Default true; switch off for big benchmarks. */
  readonly recordBodies?: boolean;
  /** Activities kept in full; later ones only count. Default 10 000. */
  readonly maxActivities?: number;
  /** Rejections kept in full; later ones only count. Default 10 000. */
  readonly maxRejections?: number;
  /** In-flight violations kept in full. Default 1 000. */
  readonly maxViolations?: number;
}

export interface SimConversation {
  readonly id: string;
  readonly aadObjectId: string | undefined;
  /** The Teams user id (`29:…`) the simulator gave the user. */
  readonly userId: string | undefined;
  readonly tenantId: string | undefined;
  readonly createdAt: number;
  activityCount: number;
}

export interface ActivityContent {
  readonly type?: string;
  readonly text?: string;
  readonly attachments?: unknown[];
}

function emptyStats(): ConnectorSimStats {
  return {
    requests: 0,
    accepted: 0,
    throttled429: 0,
    timeouts: 0,
    inFlightViolations: 0,
    byStatus: {},
    byOperation: {},
    acceptedByOperation: {},
    rejectedByReason: {},
    conversations: 0,
    activities: 0,
    updates: 0,
    droppedActivityRecords: 0,
  };
}

function bump<K extends string>(counts: Partial<Record<K, number>>, key: K): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Everything the simulator saw, for assertions. Counters are always kept; full records are capped
 * so a 100k-message benchmark does not hold 100k activity bodies (ids are still kept, so updates
 * to any sent activity are validated).
 */
export class Transcript {
  stats: ConnectorSimStats = emptyStats();
  private records: TranscriptActivity[] = [];
  private recordsByConversation = new Map<string, TranscriptActivity[]>();
  private recordsById = new Map<string, TranscriptActivity>();
  /** activityId → conversationId for every accepted activity, recorded in full or not. */
  private activityConversation = new Map<string, string>();
  private conversationsById = new Map<string, SimConversation>();
  private conversationByUser = new Map<string, string>();
  private rejectionList: TranscriptRejection[] = [];
  private violationList: InFlightViolation[] = [];
  private readonly recordBodies: boolean;
  private readonly maxActivities: number;
  private readonly maxRejections: number;
  private readonly maxViolations: number;

  constructor(options: TranscriptOptions = {}) {
    this.recordBodies = options.recordBodies ?? true;
    this.maxActivities = options.maxActivities ?? 10_000;
    this.maxRejections = options.maxRejections ?? 10_000;
    this.maxViolations = options.maxViolations ?? 1_000;
  }

  // ---- recording (called by the server) ----

  noteRequest(operation: SimOperation): void {
    this.stats.requests += 1;
    bump(this.stats.byOperation, operation);
  }

  noteStatus(operation: SimOperation, status: number): void {
    bump(this.stats.byStatus, String(status));
    if (status === 429) this.stats.throttled429 += 1;
    if (status >= 200 && status < 300) {
      this.stats.accepted += 1;
      bump(this.stats.acceptedByOperation, operation);
    }
  }

  noteTimeout(): void {
    this.stats.timeouts += 1;
  }

  ensureConversation(conversation: Omit<SimConversation, 'activityCount'>): SimConversation {
    const existing = this.conversationsById.get(conversation.id);
    if (existing) {
      // createConversation returned a chat the user opened: from now on it is the user's chat here too.
      if (existing.aadObjectId !== undefined) this.conversationByUser.set(existing.aadObjectId, existing.id);
      return existing;
    }
    const created: SimConversation = { ...conversation, activityCount: 0 };
    this.conversationsById.set(created.id, created);
    if (created.aadObjectId !== undefined) this.conversationByUser.set(created.aadObjectId, created.id);
    this.stats.conversations = this.conversationsById.size;
    return created;
  }

  /**
   * A chat Teams knows although this simulator did not create it (the user wrote to the bot in it).
   * activitiesFor(user) keeps meaning the chat createConversation opened; read this one by its id.
   */
  addConversation(conversation: Omit<SimConversation, 'activityCount'>): SimConversation {
    const existing = this.conversationsById.get(conversation.id);
    if (existing) return existing;
    const added: SimConversation = { ...conversation, activityCount: 0 };
    this.conversationsById.set(added.id, added);
    this.stats.conversations = this.conversationsById.size;
    return added;
  }

  /** Teams no longer knows the chat; what was said in it stays readable here (activitiesIn). */
  forgetConversation(conversationId: string): SimConversation | undefined {
    const conversation = this.conversationsById.get(conversationId);
    if (!conversation) return undefined;
    this.conversationsById.delete(conversationId);
    if (
      conversation.aadObjectId !== undefined &&
      this.conversationByUser.get(conversation.aadObjectId) === conversationId
    ) {
      this.conversationByUser.delete(conversation.aadObjectId);
    }
    this.stats.conversations = this.conversationsById.size;
    return conversation;
  }

  recordActivity(entry: {
    conversationId: string;
    activityId: string;
    operation: TranscriptActivity['operation'];
    content: ActivityContent;
    replyToId: string | undefined;
    at: number;
  }): void {
    const conversation = this.conversationsById.get(entry.conversationId);
    if (conversation) conversation.activityCount += 1;
    this.activityConversation.set(entry.activityId, entry.conversationId);
    this.stats.activities += 1;
    if (this.records.length >= this.maxActivities) {
      this.stats.droppedActivityRecords += 1;
      return;
    }
    const record: TranscriptActivity = {
      conversationId: entry.conversationId,
      aadObjectId: conversation?.aadObjectId,
      activityId: entry.activityId,
      operation: entry.operation,
      type: entry.content.type ?? 'message',
      text: this.recordBodies ? entry.content.text : undefined,
      attachments: this.recordBodies ? entry.content.attachments : undefined,
      replyToId: entry.replyToId,
      timestamp: entry.at,
      updatedAt: undefined,
      updateCount: 0,
      deleted: false,
    };
    this.records.push(record);
    this.recordsById.set(record.activityId, record);
    let list = this.recordsByConversation.get(record.conversationId);
    if (!list) {
      list = [];
      this.recordsByConversation.set(record.conversationId, list);
    }
    list.push(record);
  }

  /** False when the activity was never accepted in that conversation (the server answers 404). */
  hasActivity(conversationId: string, activityId: string): boolean {
    return this.activityConversation.get(activityId) === conversationId;
  }

  recordUpdate(activityId: string, content: ActivityContent, at: number): void {
    this.stats.updates += 1;
    const record = this.recordsById.get(activityId);
    if (!record) return;
    record.updateCount += 1;
    record.updatedAt = at;
    if (content.type) record.type = content.type;
    if (this.recordBodies) {
      record.text = content.text;
      record.attachments = content.attachments;
    }
  }

  recordDelete(activityId: string): void {
    this.activityConversation.delete(activityId);
    const record = this.recordsById.get(activityId);
    if (record) record.deleted = true;
  }

  recordRejection(rejection: TranscriptRejection): void {
    bump(this.stats.rejectedByReason, rejection.reason);
    if (this.rejectionList.length < this.maxRejections) this.rejectionList.push(rejection);
  }

  recordViolation(violation: InFlightViolation): void {
    this.stats.inFlightViolations += 1;
    if (this.violationList.length < this.maxViolations) this.violationList.push(violation);
  }

  // ---- reading (tests) ----

  /** Accepted activities in arrival order (capped at maxActivities). */
  get activities(): readonly TranscriptActivity[] {
    return this.records;
  }

  get rejections(): readonly TranscriptRejection[] {
    return this.rejectionList;
  }

  get violations(): readonly InFlightViolation[] {
    return this.violationList;
  }

  conversationIdFor(aadObjectId: string): string | undefined {
    return this.conversationByUser.get(aadObjectId);
  }

  conversation(conversationId: string): SimConversation | undefined {
    return this.conversationsById.get(conversationId);
  }

  activitiesIn(conversationId: string): readonly TranscriptActivity[] {
    return this.recordsByConversation.get(conversationId) ?? [];
  }

  activitiesFor(aadObjectId: string): readonly TranscriptActivity[] {
    const conversationId = this.conversationByUser.get(aadObjectId);
    return conversationId === undefined ? [] : this.activitiesIn(conversationId);
  }

  rejectionsFor(aadObjectId: string): readonly TranscriptRejection[] {
    return this.rejectionList.filter((rejection) => rejection.aadObjectId === aadObjectId);
  }

  rejectionsWith(reason: RejectionReason): readonly TranscriptRejection[] {
    return this.rejectionList.filter((rejection) => rejection.reason === reason);
  }

  reset(): void {
    this.stats = emptyStats();
    this.records = [];
    this.recordsByConversation = new Map();
    this.recordsById = new Map();
    this.activityConversation = new Map();
    this.conversationsById = new Map();
    this.conversationByUser = new Map();
    this.rejectionList = [];
    this.violationList = [];
  }
}
