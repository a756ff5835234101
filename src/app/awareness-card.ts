import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { composeAwarenessCard } from '../cards/user-cards';
import { signActionToken } from '../rollout/action-token';
import { MAX_SNOOZES } from '../rollout/reminder-policy';
import type { WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { RolloutDeps } from './deps';
import { writeToUserChat } from './user-chat';

/**
 * Sends a fresh awareness card (new card id, new signed token) to the user's 1:1 chat. Used for the
 * first card, every reminder, and (brief) the card that lets a user try again after a correction
 * that did not go through.
 */
export async function sendFreshAwarenessCard(
  deps: RolloutDeps,
  record: WaveUserRecord,
  wave: Wave,
  /** The user's stored conversation when the caller already read it (undefined: read it here). */
  stored?: Partial<ConversationReference> | null,
  options: { brief?: boolean } = {},
): Promise<{
  activityId: string;
  cardId: string;
  reference: Partial<ConversationReference>;
  /** The card went to a new chat: earlier cards are in a chat Teams no longer has. */
  newChat: boolean;
}> {
  const cardId = randomUUID();
  const token = signActionToken(
    {
      waveId: wave.id,
      userId: record.userId,
      cardId,
      exp: Math.floor(deps.now().getTime() / 1000) + deps.config.ACTION_TOKEN_TTL_DAYS * 86400,
    },
    deps.config.ACTION_TOKEN_SECRET,
    'awareness',
  );
  const written = await writeToUserChat(
    deps,
    { waveId: wave.id, userId: record.userId },
    (reference) => {
      const card = composeAwarenessCard({
        record,
        wave,
        token,
        config: deps.config,
        // The language the user last wrote in (Teams activity), else their Graph preferredLanguage.
        locale: reference.locale ?? record.locale,
        snoozeAllowed: record.snoozes < MAX_SNOOZES,
        snoozeHours: deps.config.SNOOZE_HOURS,
        brief: options.brief,
      });
      return deps.outbox.send(reference, { type: 'message', attachments: [card] });
    },
    stored,
  );
  return { activityId: written.result, cardId, reference: written.reference, newChat: written.newChat };
}
