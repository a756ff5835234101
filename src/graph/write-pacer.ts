/**
 * Graph's identity writes (phone methods, group members, per-user MFA) share one limit per app per
 * tenant: 3,000 per 150 s. Every writer in src/graph takes its writes from one pacer before sending,
 * so the fleet as a whole stays under it (the Redis implementation lives in src/store).
 */
export interface WritePacer {
  /** Resolves when `writes` more requests may be sent; each `$batch` item is one write. */
  take(writes: number): Promise<void>;
}
