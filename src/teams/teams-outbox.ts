import type { Activity, ConversationReference } from 'botbuilder';
import type { PersonalConversationRequest, ProactiveConnector } from './proactive-connector';
import { retrySoon } from './retry-soon';

/** The shared per-tenant pace (store/rate-gate.ts): told when Teams answered 429. */
export interface ThrottleSignal {
  pause(ms: number): Promise<void>;
}

/**
 * The workers' proactive requests to the Bot Connector. Pacing happens inside the adapter: every
 * connector request, proactive or a reply in a turn, waits for the shared per-tenant rate gate
 * right before it goes on the wire (createCloudAdapter's beforeRequest), so the fleet stays under
 * Teams' limit however many requests a job makes (a first contact costs two). The outbox tells the
 * gate when Teams answered 429.
 */
export class TeamsOutbox {
  constructor(
    private readonly connector: ProactiveConnector,
    private readonly gate: ThrottleSignal,
  ) {}

  async createPersonalConversation(
    request: PersonalConversationRequest,
  ): Promise<Partial<ConversationReference>> {
    return this.connector.createPersonalConversation(request);
  }

  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    return this.connector.send(reference, activity);
  }

  async update(
    reference: Partial<ConversationReference>,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<void> {
    await this.connector.update(reference, activityId, activity);
  }

  /** A send from a click or a chat turn to another conversation; see retrySoon. */
  async sendSoon(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
    return retrySoon(() => this.send(reference, activity));
  }

  /** Teams said 429: nobody sends until it says we may. */
  pause(ms: number): Promise<void> {
    return this.gate.pause(ms);
  }
}
