import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import type { RateGate } from '../store/rate-gate';
import {
  createPersonalConversation,
  sendToConversation,
  updateActivityInConversation,
} from '../teams/messenger';

/**
 * The workers' proactive requests to the Bot Connector. Pacing happens inside the adapter: every
 * connector request, proactive or a reply in a turn, waits for the shared per-tenant rate gate
 * right before it goes on the wire (createCloudAdapter's beforeRequest), so the fleet stays under
 * Teams' limit however many requests a job makes (a first contact costs two). The outbox tells the
 * gate when Teams answered 429.
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
    return createPersonalConversation(this.adapter, { botId: this.botId, ...params });
  }

  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    return sendToConversation(this.adapter, this.botId, reference, activity);
  }

  async update(
    reference: Partial<ConversationReference>,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<void> {
    await updateActivityInConversation(this.adapter, this.botId, reference, activityId, activity);
  }

  /** Teams said 429: nobody sends until it says we may. */
  pause(ms: number): Promise<void> {
    return this.gate.pause(ms);
  }
}
