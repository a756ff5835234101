import type { UserStatus } from '../rollout/user-state';
import type { ReadyMethod } from '../rollout/wave-digest';

/** Every Redis key the bot writes, in one place, so a reader can see the whole data layout. */
export function rolloutKeys(prefix: string) {
  return {
    waves: `${prefix}:waves`,
    wave: (waveId: string) => `${prefix}:wave:${waveId}`,
    waveUsers: (waveId: string) => `${prefix}:wave:${waveId}:users`,
    waveStatus: (waveId: string, status: UserStatus) => `${prefix}:wave:${waveId}:status:${status}`,
    /** The ready users of a wave by sign-in method (a subset of the `ready` status index), kept by the same write. */
    waveReadyBy: (waveId: string, method: ReadyMethod) => `${prefix}:wave:${waveId}:ready-by:${method}`,
    waveDigest: (waveId: string) => `${prefix}:wave:${waveId}:digest`,
    /** A corrected number waiting for the helpdesk, sealed (AES-256-GCM), never in clear. */
    phoneCorrection: (waveId: string, userId: string) =>
      `${prefix}:wave:${waveId}:phone-correction:${userId}`,
    /** The wave's users with such a request: user id → when it expires (ms), kept with the request. */
    waveAwaitingApproval: (waveId: string) => `${prefix}:wave:${waveId}:awaiting-approval`,
    /** A CSV wave's rows, in file order, deduplicated: JSON `{line, upn}` or `{line, id}`; never a phone number. */
    waveCsvRows: (waveId: string) => `${prefix}:wave:${waveId}:csv-rows`,
    /** CSV rows the directory did not know (or refused), by identifier: JSON `{line, upn|id, reason}`. */
    waveCsvUnresolved: (waveId: string) => `${prefix}:wave:${waveId}:csv-unresolved`,
    /** Identifiers seen so far by one CSV import (dedupe), with the first line each was on; short-lived. */
    csvImportSeen: (importId: string) => `${prefix}:csv-import:${importId}:seen`,
    /**
     * Users the overlap rule has placed: lower-case user id → the one active wave they are in.
     * Written only together with the wave's user record (RolloutRepository.addUsers).
     */
    activeWaveOfUser: `${prefix}:active-wave-of-user`,
    /** Lower-case UPN → user id, for users placed in a wave: lets a CSV of UPNs be checked without Graph. */
    userIdOfUpn: `${prefix}:user-id-of-upn`,
    /** Waves whose users are in the two hashes above (older waves are added on first use). */
    activeWaveIndexed: `${prefix}:active-wave-indexed`,
    /** Users a wave's source named who were already in another active wave: left out, no card. */
    waveLeftOut: (waveId: string) => `${prefix}:wave:${waveId}:left-out`,
    /** A wave start asked for in chat, until it ran (and while its overlap warning can be accepted). */
    waveStartRequest: (requestId: string) => `${prefix}:wave-start:${requestId}`,
    conversationLock: (userId: string) => `${prefix}:convlock:${userId}`,
    /** One gate per tenant: Teams' 50 requests/s per app per tenant is shared by every worker. */
    teamsRateGate: `${prefix}:teams-rate-gate`,
    /** One pacer per tenant: Graph's identity write limit (per app per tenant) is shared by every process. */
    identityWritePacer: `${prefix}:graph-identity-writes`,
    attempts: (waveId: string, userId: string) => `${prefix}:wave:${waveId}:attempts:${userId}`,
    /** Users whose stale 1:1 chat was replaced in this wave (once each), with when: userId → ISO time. */
    chatRecoveries: (waveId: string) => `${prefix}:wave:${waveId}:chat-recoveries`,
    /** Verify: losses already told to the admins, `userId|loss` → when; dropped once mended. */
    waveVerifyFlags: (waveId: string) => `${prefix}:wave:${waveId}:verify-flags`,
    audit: `${prefix}:audit`,
    conversationRef: (userId: string) => `${prefix}:convref:${userId}`,
    /** Users the bot has greeted in their 1:1 chat, once each: lower-case user id → when. */
    greeted: `${prefix}:greeted`,
    /** Where the last admin command came from: admin posts go there when nothing better is known. */
    lastAdminChat: `${prefix}:last-admin-chat`,
    botState: (key: string) => `${prefix}:botstate:${key}`,
  };
}

export type RolloutKeys = ReturnType<typeof rolloutKeys>;
