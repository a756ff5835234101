import type { Activity, ConversationReference } from 'botbuilder';
import type { RateGate } from '../store/rate-gate';
import { classifyTeamsError } from '../teams/delivery-outcome';
import type { PersonalConversationRequest, ProactiveConnector } from '../teams/proactive-connector';

const SOON_ATTEMPTS = 4;
const SOON_MAX_WAIT_MS = 5_000;
/** Answers that say "nothing was posted": safe to send again. A timeout is not one of them. */
const NOTHING_POSTED = [412, 502, 503, 504];

/**
 * For a message from a click or a chat turn to another conversation (not queued): Teams' per-chat
 * limits are met by waiting as Teams asks, a few times, then giving up. Only answers that say
 * nothing was posted are retried, never a timeout.
 */
export async function retrySoon<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const outcome = classifyTeamsError(error);
      let wait: number | undefined;
      if (outcome.kind === 'throttled') wait = outcome.retryAfterMs;
      else if (outcome.kind === 'transient' && NOTHING_POSTED.includes(outcome.status)) {
        wait = outcome.retryAfterMs ?? 250 * 2 ** attempt;
      }
      if (wait === undefined || attempt >= SOON_ATTEMPTS || wait > SOON_MAX_WAIT_MS) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait + Math.floor(Math.random() * 100)));
    }
  }
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
    private readonly gate: RateGate,
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
