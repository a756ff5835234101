import type { UserStatus } from '../rollout/user-state';

/** Every Redis key the bot writes, in one place, so a reader can see the whole data layout. */
export function rolloutKeys(prefix: string) {
  return {
    waves: `${prefix}:waves`,
    wave: (waveId: string) => `${prefix}:wave:${waveId}`,
    waveUsers: (waveId: string) => `${prefix}:wave:${waveId}:users`,
    waveStatus: (waveId: string, status: UserStatus) => `${prefix}:wave:${waveId}:status:${status}`,
    waveDigest: (waveId: string) => `${prefix}:wave:${waveId}:digest`,
    /** A corrected number waiting for the helpdesk, sealed (AES-256-GCM), never in clear. */
    phoneCorrection: (waveId: string, userId: string) =>
      `${prefix}:wave:${waveId}:phone-correction:${userId}`,
    /** A CSV wave's rows, in file order, deduplicated: JSON `{line, upn}` or `{line, id}`; never a phone number. */
    waveCsvRows: (waveId: string) => `${prefix}:wave:${waveId}:csv-rows`,
    /** CSV rows the directory did not know (or refused), by identifier: JSON `{line, upn|id, reason}`. */
    waveCsvUnresolved: (waveId: string) => `${prefix}:wave:${waveId}:csv-unresolved`,
    /** Identifiers seen so far by one CSV import (dedupe), with the first line each was on; short-lived. */
    csvImportSeen: (importId: string) => `${prefix}:csv-import:${importId}:seen`,
    conversationLock: (userId: string) => `${prefix}:convlock:${userId}`,
    /** One gate per tenant: Teams' 50 requests/s per app per tenant is shared by every worker. */
    teamsRateGate: `${prefix}:teams-rate-gate`,
    attempts: (waveId: string, userId: string) => `${prefix}:wave:${waveId}:attempts:${userId}`,
    audit: `${prefix}:audit`,
    conversationRef: (userId: string) => `${prefix}:convref:${userId}`,
    /** Where the last admin command came from: admin posts go there when nothing better is known. */
    lastAdminChat: `${prefix}:last-admin-chat`,
    botState: (key: string) => `${prefix}:botstate:${key}`,
  };
}

export type RolloutKeys = ReturnType<typeof rolloutKeys>;
