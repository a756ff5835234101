import type { ConversationReference } from 'botbuilder';
import type { Redis } from 'ioredis';

/** Where a plan's preview card was posted, so a second admin's approval can update it in place. */
export interface PreviewCardPlace {
  reference: Partial<ConversationReference>;
  activityId: string;
  locale?: string;
}

/** As long as the plans themselves are kept (src/store/enforcement-store.ts). */
const RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * The last enforcement plan started for each wave (the digest shows whom it held back, by gate,
 * until the next one replaces it), and where each plan's preview card sits.
 */
export class LastEnforcementPlans {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(waveId: string): string {
    return `${this.prefix}:wave:${waveId}:enforce-last-plan`;
  }

  async remember(waveId: string, planId: string): Promise<void> {
    await this.redis.set(this.key(waveId), planId, 'EX', RETENTION_SECONDS);
  }

  async planId(waveId: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(waveId))) ?? undefined;
  }

  private previewKey(planId: string): string {
    return `${this.prefix}:enforce-plan:${planId}:preview-card`;
  }

  async rememberPreviewCard(planId: string, place: PreviewCardPlace): Promise<void> {
    await this.redis.set(this.previewKey(planId), JSON.stringify(place), 'EX', RETENTION_SECONDS);
  }

  async previewCard(planId: string): Promise<PreviewCardPlace | undefined> {
    const stored = await this.redis.get(this.previewKey(planId));
    return stored ? (JSON.parse(stored) as PreviewCardPlace) : undefined;
  }
}
