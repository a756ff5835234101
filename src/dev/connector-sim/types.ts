/** Shapes shared by the connector simulator's parts (and readable by tests over `/_sim/`). */

/** Names and mail of a user, for the roster endpoints (TeamsInfo.getMember). */
export interface UserProfile {
  readonly name?: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly email?: string;
  readonly userPrincipalName?: string;
}

export type SimOperation =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getMembers'
  | 'getMember';

/** How a request that "times out" behaves. */
export type TimeoutMode =
  /** Keep the response open until holdMs passes (or the sim closes), then drop the socket. */
  | 'hold'
  /** Drop the socket at once: the client sees a connection reset. */
  | 'destroy';

export type FaultAction =
  | {
      readonly kind: 'status';
      readonly status: number;
      /** Sent as `Retry-After` (seconds). 429 gets 1 when not given. */
      readonly retryAfterSeconds?: number;
      /** Response body; Teams' body for the status when not given. */
      readonly body?: unknown;
    }
  | {
      readonly kind: 'timeout';
      readonly mode: TimeoutMode;
      /** Deliver the activity first, then lose the response (the ambiguous case a retry can duplicate). */
      readonly deliver?: boolean;
    };

/** Which requests a scripted fault applies to; every given field must match. */
export interface FaultMatch {
  readonly aadObjectId?: string;
  readonly conversationId?: string;
  readonly operation?: SimOperation | readonly SimOperation[];
}

export interface ScriptedFault {
  readonly action: FaultAction;
  readonly match?: FaultMatch;
  /** How many matching requests it hits before it is used up. Default 1. */
  readonly times?: number;
}

export type RandomFaultKind = '429' | '412' | '500' | '502' | '503' | '504' | 'timeout';

export interface RandomFaults {
  /** Probability in [0, 1] per kind, rolled once per request in this order. */
  readonly probabilities: Partial<Record<RandomFaultKind, number>>;
  /** Seed for the generator so a failing run can be replayed. Default 1. */
  readonly seed?: number;
  readonly retryAfterSeconds?: number;
  readonly timeoutMode?: TimeoutMode;
  /** Only these operations get random faults. Default all. */
  readonly operations?: readonly SimOperation[];
}

export type RejectionReason =
  | 'tenant-limit'
  | 'conversation-limit'
  | 'concurrent'
  | 'scripted'
  | 'random'
  | 'blocked'
  | 'not-installed'
  | 'user-gone'
  | 'not-found'
  | 'bad-request';

export interface TranscriptActivity {
  readonly conversationId: string;
  readonly aadObjectId: string | undefined;
  readonly activityId: string;
  readonly operation: 'createConversation' | 'sendToConversation' | 'replyToActivity';
  type: string;
  /** Absent when the simulator runs with recordBodies: false. */
  text: string | undefined;
  attachments: unknown[] | undefined;
  readonly replyToId: string | undefined;
  /** Epoch ms when accepted. */
  readonly timestamp: number;
  /** Epoch ms of the last update (PUT) that replaced this activity's content. */
  updatedAt: number | undefined;
  updateCount: number;
  deleted: boolean;
}

export interface TranscriptRejection {
  readonly at: number;
  readonly operation: SimOperation;
  readonly conversationId: string | undefined;
  readonly aadObjectId: string | undefined;
  /** HTTP status sent; 0 when the response was withheld or the socket dropped (timeout fault). */
  readonly status: number;
  readonly reason: RejectionReason;
  readonly code: string | undefined;
}

export interface InFlightViolation {
  readonly at: number;
  readonly conversationId: string;
  readonly operation: SimOperation;
  /** Requests already in flight to the conversation when this one arrived. */
  readonly alreadyInFlight: number;
}

export interface ConnectorSimStats {
  /** Requests to the Bot Connector routes (control routes excluded). */
  requests: number;
  /** Requests answered 2xx. */
  accepted: number;
  /** Every 429 sent, whatever the cause. */
  throttled429: number;
  /** Requests that timed out by fault (held or socket dropped). */
  timeouts: number;
  inFlightViolations: number;
  byStatus: Record<string, number>;
  byOperation: Partial<Record<SimOperation, number>>;
  acceptedByOperation: Partial<Record<SimOperation, number>>;
  rejectedByReason: Partial<Record<RejectionReason, number>>;
  conversations: number;
  /** Activities accepted (creates with an activity, sends, replies). */
  activities: number;
  updates: number;
  /** Activities accepted but not kept in the transcript because of maxActivities. */
  droppedActivityRecords: number;
}
