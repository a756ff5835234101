import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { RateGate } from '../store/rate-gate';
import {
  createPersonalConversation,
  sendToConversation,
  updateActivityInConversation,
} from '../teams/messenger';

/**
 * Every proactive request the workers make to the Bot Connector passes one shared rate gate, so the
 * whole fleet stays under Teams' per-tenant limit however many requests a job needs (a first
 * contact costs two: createConversation, then the send).
 */
export class TeamsOutbox {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botId: string,
    private readonly gate: RateGate,
  ) {}

  async createPersonalConversation(params: {
    serviceUrl: string;
    tenantId: string;
    userAadObjectId: string;
  }): Promise<Partial<ConversationReference>> {
    await this.gate.take();
    return createPersonalConversation(this.adapter, { botId: this.botId, ...params });
  }

  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    await this.gate.take();
    return sendToConversation(this.adapter, this.botId, reference, activity);
  }

  async update(
    reference: Partial<ConversationReference>,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<void> {
    await this.gate.take();
    await updateActivityInConversation(this.adapter, this.botId, reference, activityId, activity);
  }

  /** Teams said 429: nobody sends until it says we may. */
  pause(ms: number): Promise<void> {
    return this.gate.pause(ms);
  }
}
