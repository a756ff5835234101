import type { ConversationReference } from 'botbuilder';
import { GraphRequestError } from '../graph/errors';
import { type Wave, waveDeadline } from '../rollout/wave';
import { WaveStartRefusedError } from '../rollout/wave-start';

/** What an admin asks for when starting a wave, whatever the source (group or CSV). */
export interface WaveStartCommon {
  name?: string;
  createdBy: { id: string; name: string };
  /** The conversation the admin asked from; the announcement and the digest are posted there. */
  adminConversation?: Partial<ConversationReference>;
  locale?: string;
  /** Whole days (a number, or the text an admin typed); checked against DEADLINE_DAYS. */
  deadlineDays?: number | string;
  /**
   * Start even when some users are already in another active wave: they are left out (and get
   * no card). Without it such a start is refused and nothing is created.
   */
  includeOverlap?: boolean;
}

/** A wave as it starts: expanding, with its deadline, remembering where the admin asked from. */
export function newWave(
  request: Pick<WaveStartCommon, 'createdBy' | 'adminConversation' | 'locale'>,
  fields: Pick<Wave, 'id' | 'name' | 'source' | 'leftOut'> & { now: Date; deadlineDays: number },
): Wave {
  return {
    id: fields.id,
    name: fields.name,
    source: fields.source,
    status: 'expanding',
    createdBy: request.createdBy,
    createdAt: fields.now.toISOString(),
    deadline: waveDeadline(fields.now, fields.deadlineDays).toISOString(),
    total: 0,
    leftOut: fields.leftOut,
    adminConversation: request.adminConversation,
    locale: request.locale,
  };
}

/** A Graph answer about the group that is the admin's to fix becomes a refusal, anything else stays an error. */
export async function readingGroup<T>(groupId: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GraphRequestError && error.status === 404)
      throw new WaveStartRefusedError({ kind: 'group-not-found', groupId });
    if (error instanceof GraphRequestError && error.status === 403)
      throw new WaveStartRefusedError({ kind: 'group-forbidden', groupId });
    throw error;
  }
}
