/**
 * Requests currently open per conversation. Teams asks for at most one request in flight per
 * conversation (parallel sends reorder messages and earn 412s); the simulator counts every
 * overlap so tests can prove the outreach queue never causes one.
 */
export class InFlightTracker {
  private readonly counts = new Map<string, number>();

  /** Registers a request; returns how many were already open to the conversation. */
  enter(conversationId: string): number {
    const before = this.counts.get(conversationId) ?? 0;
    this.counts.set(conversationId, before + 1);
    return before;
  }

  leave(conversationId: string): void {
    const count = this.counts.get(conversationId) ?? 0;
    if (count <= 1) this.counts.delete(conversationId);
    else this.counts.set(conversationId, count - 1);
  }

  count(conversationId: string): number {
    return this.counts.get(conversationId) ?? 0;
  }

  /** Conversations with at least one open request. */
  get active(): number {
    return this.counts.size;
  }
}
