import type { DigestEnforcement } from '../cards/admin-cards';
import { signEnforceToken } from '../rollout/action-token';
import type { EnforcementGate } from '../rollout/enforcement-gates';
import type { RolloutDeps } from './deps';

/**
 * The digest's Enforce and Undo buttons name this wave. Every refresh signs a new token, so a digest
 * in use stays clickable; one left untouched for two weeks is refused as expired.
 */
const DIGEST_TOKEN_SECONDS = 14 * 24 * 3600;

function digestEnforceToken(deps: RolloutDeps, waveId: string): string {
  return signEnforceToken(
    { subject: waveId, exp: Math.floor(deps.now().getTime() / 1000) + DIGEST_TOKEN_SECONDS },
    deps.config.ACTION_TOKEN_SECRET,
    'enforce-wave',
  );
}

/**
 * The digest's enforcement part: its buttons and the gates the last started plan held users back by.
 */
export async function digestEnforcement(deps: RolloutDeps, waveId: string): Promise<DigestEnforcement> {
  const planId = await deps.lastEnforcement.planId(waveId);
  const plan = planId ? await deps.enforcement.get(planId) : undefined;
  const heldBack = new Map<EnforcementGate, number>();
  for (const user of plan?.held ?? []) heldBack.set(user.gate, (heldBack.get(user.gate) ?? 0) + 1);
  return {
    token: digestEnforceToken(deps, waveId),
    heldBack: [...heldBack].map(([gate, total]) => ({ gate, total })),
    lastRun: plan ? await deps.enforcement.results(plan.id) : undefined,
    retirementDate: deps.config.SMS_VOICE_RETIREMENT_DATE,
  };
}
