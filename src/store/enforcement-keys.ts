/**
 * The Redis keys of enforcement (plans, their progress, what each user had before, overrides). Kept
 * apart from keys.ts so the layout of this feature reads in one place.
 */
export function enforcementKeys(prefix: string) {
  return {
    /** Hash: `plan` (JSON, fixed at preview), `status`, `confirmedBy`, `approvedBy`, `results`. */
    plan: (planId: string) => `${prefix}:enforce-plan:${planId}`,
    /** Set: users the job has settled (whatever the outcome): a resumed job skips them. */
    planDone: (planId: string) => `${prefix}:enforce-plan:${planId}:done`,
    /** Hash: user id → outcome (EnforcementOutcome). */
    planOutcomes: (planId: string) => `${prefix}:enforce-plan:${planId}:outcomes`,
    /** Set: users in the enforcement group before the job wrote anything (read once per plan). */
    planMembersBefore: (planId: string) => `${prefix}:enforce-plan:${planId}:members-before`,
    /** String flag: the snapshot above is complete. */
    planSnapshotDone: (planId: string) => `${prefix}:enforce-plan:${planId}:snapshot-done`,
    /** Hash: user id → JSON EnforcementBefore, written once (HSETNX) before the first write for the user. */
    waveBefore: (waveId: string) => `${prefix}:wave:${waveId}:enforce-before`,
    /** Hash: user id → JSON EnforcementOverride. */
    waveOverrides: (waveId: string) => `${prefix}:wave:${waveId}:enforce-overrides`,
  };
}

export type EnforcementKeys = ReturnType<typeof enforcementKeys>;
