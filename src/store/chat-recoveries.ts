import type { Redis } from 'ioredis';
import type { RolloutKeys } from './keys';
import { LuaScript } from './lua-script';

/**
 * Takes the user's one chat recovery of the wave and, only if it was still free, forgets the stored
 * conversation reference, unless it already names another chat (an inbound message stored a newer
 * one). One script, so a retried job or a second process cannot recover the same user twice.
 */
const BEGIN = new LuaScript(
  `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
local raw = redis.call('GET', KEYS[2])
if raw then
  local stored = cjson.decode(raw)
  if type(stored.conversation) == 'table' and stored.conversation.id == ARGV[3] then
    redis.call('DEL', KEYS[2])
  end
end
return 1
`,
  2,
);

/** At most one replacement of a stale 1:1 chat per user per wave, kept in Redis. */
export class ChatRecoveries {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  /** True: this caller owns the user's recovery for the wave, and the stale reference is forgotten. */
  async begin(request: {
    waveId: string;
    userId: string;
    staleConversationId: string;
    at: string;
  }): Promise<boolean> {
    const claimed = await BEGIN.run(
      this.redis,
      this.keys.chatRecoveries(request.waveId),
      this.keys.conversationRef(request.userId),
      request.userId,
      request.at,
      request.staleConversationId,
    );
    return Number(claimed) === 1;
  }

  /** When the user's chat was recovered in the wave, if it was. */
  async recoveredAt(waveId: string, userId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.keys.chatRecoveries(waveId), userId)) ?? undefined;
  }
}
