import type { UserStatus } from '../rollout/user-state';

/** Every Redis key the bot writes, in one place, so a reader can see the whole data layout. */
export function rolloutKeys(prefix: string) {
  return {
    waves: `${prefix}:waves`,
    wave: (waveId: string) => `${prefix}:wave:${waveId}`,
    waveUsers: (waveId: string) => `${prefix}:wave:${waveId}:users`,
    waveStatus: (waveId: string, status: UserStatus) => `${prefix}:wave:${waveId}:status:${status}`,
    waveDigest: (waveId: string) => `${prefix}:wave:${waveId}:digest`,
    conversationLock: (userId: string) => `${prefix}:convlock:${userId}`,
    attempts: (waveId: string, userId: string) => `${prefix}:wave:${waveId}:attempts:${userId}`,
    audit: `${prefix}:audit`,
    conversationRef: (userId: string) => `${prefix}:convref:${userId}`,
    adminChannel: `${prefix}:admin-channel`,
    botState: (key: string) => `${prefix}:botstate:${key}`,
  };
}

export type RolloutKeys = ReturnType<typeof rolloutKeys>;
