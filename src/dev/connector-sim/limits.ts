import { SlidingWindowLimiter, type WindowRule } from '../sim-kit/sliding-window';

/** Teams' documented per-bot, per-conversation limits (send, update, create, roster alike). */
export const TEAMS_CONVERSATION_WINDOWS: readonly WindowRule[] = [
  { windowMs: 1_000, limit: 7 },
  { windowMs: 2_000, limit: 8 },
  { windowMs: 30_000, limit: 60 },
  { windowMs: 3_600_000, limit: 1_800 },
];

/** Teams' documented limit for one app across all conversations of one tenant. */
export const TEAMS_TENANT_REQUESTS_PER_SECOND = 50;

export interface LimitOptions {
  /** false switches every limit off. Default true. */
  readonly enabled?: boolean;
  /** Requests per second per app per tenant; false disables it. Default 50 (raise it for benchmarks). */
  readonly perTenantPerSecond?: number | false;
  /** Windows per conversation; false disables them. Default Teams' four windows. */
  readonly perConversation?: readonly WindowRule[] | false;
  /**
   * Count createConversation against the conversation's windows too. Default false: Teams lists
   * create conversation with its own per-thread limits, so it does not eat the budget for sends.
   */
  readonly countCreateConversation?: boolean;
}

export type LimitVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly scope: 'tenant' | 'conversation'; readonly retryAfterMs: number };

/**
 * The two limit layers the simulator enforces. The tenant layer is checked first so a request the
 * tenant limit rejects does not use up the conversation's budget.
 */
export class TeamsLimits {
  private readonly tenant: SlidingWindowLimiter | undefined;
  private readonly conversation: SlidingWindowLimiter | undefined;
  readonly countCreateConversation: boolean;

  constructor(options: LimitOptions = {}) {
    this.countCreateConversation = options.countCreateConversation ?? false;
    const enabled = options.enabled ?? true;
    const perTenant = options.perTenantPerSecond ?? TEAMS_TENANT_REQUESTS_PER_SECOND;
    const perConversation = options.perConversation ?? TEAMS_CONVERSATION_WINDOWS;
    this.tenant =
      enabled && perTenant !== false
        ? new SlidingWindowLimiter([{ windowMs: 1_000, limit: perTenant }], { sweepIntervalMs: 10_000 })
        : undefined;
    this.conversation =
      enabled && perConversation !== false ? new SlidingWindowLimiter(perConversation) : undefined;
  }

  check(tenantKey: string, conversationId: string | undefined, now: number): LimitVerdict {
    if (this.tenant) {
      const result = this.tenant.tryAcquire(tenantKey, now);
      if (!result.allowed) return { allowed: false, scope: 'tenant', retryAfterMs: result.retryAfterMs };
    }
    if (this.conversation && conversationId !== undefined) {
      const result = this.conversation.tryAcquire(conversationId, now);
      if (!result.allowed)
        return { allowed: false, scope: 'conversation', retryAfterMs: result.retryAfterMs };
    }
    return { allowed: true };
  }

  /** Conversations with live rate-limit state (memory check for big runs). */
  get trackedConversations(): number {
    return this.conversation?.size ?? 0;
  }

  /** Forgets every window (the limits themselves are fixed at start). */
  reset(): void {
    this.tenant?.clear();
    this.conversation?.clear();
  }
}
