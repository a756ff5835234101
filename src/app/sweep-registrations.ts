import { listRegistrationDetails, registrationFilter } from '../graph/registration-details';
import { hasStrongMethod } from '../rollout/directory';
import { BEFORE_READY } from '../rollout/user-state';
import type { RolloutDeps } from './deps';
import { runEffects } from './run-effects';

/**
 * Reads the registration report once for the whole tenant (paged, filtered on MFA-registered users,
 * not one call per user) and moves every pending wave user who registered the Authenticator app,
 * a passkey or FIDO2 to ready, and marks a user ready on a phone alone as having one too. Each of
 * them is thanked in chat, in place of their card.
 */
export async function sweepRegistrations(deps: RolloutDeps): Promise<number> {
  const waves = (await deps.repo.listWaves(100)).filter((wave) => wave.status === 'active');
  if (!waves.length) return 0;
  const pendingByUser = new Map<string, string[]>();
  for (const wave of waves) {
    const pending = [
      ...(await Promise.all(
        BEFORE_READY.map((status) => deps.repo.userIdsWithStatus(wave.id, status, Number.MAX_SAFE_INTEGER)),
      )),
      // Ready on a phone alone: the SMS/voice retirement makes a strong method what counts.
      await deps.repo.readyUserIds(wave.id, 'phone-only', Number.MAX_SAFE_INTEGER),
    ].flat();
    for (const userId of pending) pendingByUser.set(userId, [...(pendingByUser.get(userId) ?? []), wave.id]);
  }
  if (!pendingByUser.size) return 0;
  let moved = 0;
  const filter = registrationFilter({ flags: { isMfaRegistered: true } });
  for await (const page of listRegistrationDetails(deps.graph, { filter, pageSize: 999 })) {
    for (const facts of page.facts) {
      const waveIds = pendingByUser.get(facts.userId);
      if (!waveIds || !hasStrongMethod(facts.methodsRegistered)) continue;
      for (const waveId of waveIds) {
        const applied = await deps.repo.apply(
          waveId,
          facts.userId,
          { type: 'strong-method-registered' },
          'registration-sweep',
        );
        if (!applied.result.ok) continue;
        moved += 1;
        await runEffects(deps, waveId, facts.userId, applied.result.effects);
        await deps.jobs.refreshDigest(waveId);
        await deps.jobs.thank(waveId, facts.userId);
      }
    }
  }
  if (moved) deps.logger.info({ moved }, 'registration sweep moved users to ready');
  return moved;
}
