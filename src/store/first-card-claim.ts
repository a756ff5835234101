import type { ConversationReference } from 'botframework-schema';
import type { Redis } from 'ioredis';
import type { WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { RolloutKeys } from './keys';
import { LuaScript } from './lua-script';

/**
 * Takes the user's conversation lease and, only if it was free, reads what a first card needs: the
 * user's record, the wave, the user's stored 1:1 chat. One script, so the reads see whatever the
 * lease's previous holder wrote, and a card costs one Redis call before the send instead of four.
 */
const CLAIM = new LuaScript(
  `
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return false end
return {
  redis.call('HGET', KEYS[2], ARGV[3]) or '',
  redis.call('GET', KEYS[3]) or '',
  redis.call('GET', KEYS[4]) or ''
}
`,
  4,
);

export interface FirstCardInputs {
  record: WaveUserRecord | undefined;
  wave: Wave | undefined;
  /** The user's stored 1:1 chat; null when the bot never talked to them. */
  stored: Partial<ConversationReference> | null;
}

const parsed = <T>(raw: string): T | undefined => (raw ? (JSON.parse(raw) as T) : undefined);

export class FirstCardClaims {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  /** undefined: another job holds the user's lease (one request in flight per conversation). */
  async claim(request: {
    waveId: string;
    userId: string;
    owner: string;
    ttlMs: number;
  }): Promise<FirstCardInputs | undefined> {
    const { waveId, userId } = request;
    const reply = (await CLAIM.run(
      this.redis,
      this.keys.conversationLock(userId),
      this.keys.waveUsers(waveId),
      this.keys.wave(waveId),
      this.keys.conversationRef(userId),
      request.owner,
      String(Math.ceil(request.ttlMs)),
      userId,
    )) as [string, string, string] | null;
    if (!reply) return undefined;
    const [record, wave, stored] = reply;
    return {
      record: parsed<WaveUserRecord>(record),
      wave: parsed<Wave>(wave),
      stored: parsed<Partial<ConversationReference>>(stored) ?? null,
    };
  }
}
