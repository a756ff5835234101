import { composeVerifyAlertCard, type VerifyFinding } from '../cards/verify-cards';
import { listGroupUserPages } from '../graph/group-members';
import { readPerUserMfaStates } from '../graph/mfa-requirements';
import { listRegistrationDetails, registrationFilter } from '../graph/registration-details';
import { type EnforcementReadBack, enforcementReadBack, verifyLosses } from '../rollout/enforcement-verify';
import type { Wave } from '../rollout/wave';
import { VerifyFlags } from '../store/verify-flags';
import { whereAdminPostsGo } from './admin-posts';
import type { RolloutDeps } from './deps';
import { adminCardLocale } from './wave-locale';

/**
 * Verify: every active wave's enforced users are read back against Graph. One filtered, paged read
 * of the registration report (users not MFA registered) and one of the enforcement (the CA group's
 * members, or each user's per-user MFA state in `$batch`), whatever the number of users. A user who
 * lost every method or is no longer enforced is posted to the admins and audited, once per loss
 * until it is mended; the post goes out before the loss is marked told, so a failed post is retried.
 */
export interface VerifyResult {
  /** Enforced users read back. */
  checked: number;
  /** Losses told to the admins by this run. */
  flagged: number;
  /** Losses mended since they were told. */
  mended: number;
}

const EVERYONE = Number.MAX_SAFE_INTEGER;

export async function verifyEnforcement(deps: RolloutDeps): Promise<VerifyResult> {
  const result: VerifyResult = { checked: 0, flagged: 0, mended: 0 };
  const waves = (await deps.repo.listWaves(100)).filter((wave) => wave.status === 'active');
  const enforcedByWave = new Map<string, string[]>();
  for (const wave of waves) {
    const enforced = await deps.repo.userIdsWithStatus(wave.id, 'enforced', EVERYONE);
    if (enforced.length) enforcedByWave.set(wave.id, enforced);
  }
  const everyone = new Set([...enforcedByWave.values()].flat());
  if (!everyone.size) return result;
  result.checked = everyone.size;

  const methodsOf = await unregisteredMethods(deps, everyone);
  const readBack = enforcementReadBack(deps.config.ENFORCEMENT_MODE, deps.config.ENFORCEMENT_GROUP_ID);
  const stillEnforced = await readEnforcement(deps, readBack, [...everyone]);

  for (const wave of waves) {
    const enforced = enforcedByWave.get(wave.id);
    if (!enforced) continue;
    const told = await deps.verifyFlags.flagged(wave.id);
    const found: Array<{ userId: string; loss: VerifyFinding['loss'] }> = [];
    const stillLost = new Set<string>();
    for (const userId of enforced) {
      const losses = verifyLosses({
        methodsRegistered: methodsOf.get(userId.toLowerCase()),
        stillEnforced: stillEnforced(userId),
      });
      for (const loss of losses) {
        const field = VerifyFlags.field(userId, loss);
        stillLost.add(field);
        if (!told.has(field)) found.push({ userId, loss });
      }
    }
    // A loss mended since it was told (or of a user no longer enforced) may be told again later.
    const mended = [...told].filter((field) => !stillLost.has(field));
    await deps.verifyFlags.mend(wave.id, mended);
    result.mended += mended.length;
    if (found.length) {
      await tellAdmins(deps, wave, found, readBack);
      result.flagged += found.length;
    }
  }
  if (result.flagged)
    deps.logger.warn({ ...result }, 'verify: enforced users lost a method or their enforcement');
  return result;
}

/** Methods of the enforced users the report lists as not MFA registered, by lower-case id. */
async function unregisteredMethods(deps: RolloutDeps, enforced: ReadonlySet<string>) {
  const wanted = new Set([...enforced].map((id) => id.toLowerCase()));
  const methods = new Map<string, string[]>();
  const filter = registrationFilter({ flags: { isMfaRegistered: false } });
  for await (const page of listRegistrationDetails(deps.graph, { filter, pageSize: 999 })) {
    for (const facts of page.facts) {
      const id = facts.userId.toLowerCase();
      if (wanted.has(id)) methods.set(id, facts.methodsRegistered);
    }
  }
  return methods;
}

/** Whether each user is still enforced; undefined when it cannot be told (nothing written, a failed read). */
async function readEnforcement(
  deps: RolloutDeps,
  readBack: EnforcementReadBack,
  userIds: readonly string[],
): Promise<(userId: string) => boolean | undefined> {
  switch (readBack.kind) {
    case 'none':
      return () => undefined;
    case 'group': {
      const members = new Set<string>();
      for await (const page of listGroupUserPages(deps.graph, readBack.groupId)) {
        for (const user of page.users) members.add(user.id.toLowerCase());
      }
      return (userId) => members.has(userId.toLowerCase());
    }
    case 'per-user': {
      const states = await readPerUserMfaStates(deps.graph, userIds);
      return (userId) => {
        const state = states.get(userId);
        return typeof state === 'string' ? state === 'enforced' : undefined;
      };
    }
  }
}

async function tellAdmins(
  deps: RolloutDeps,
  wave: Wave,
  found: ReadonlyArray<{ userId: string; loss: VerifyFinding['loss'] }>,
  readBack: EnforcementReadBack,
): Promise<void> {
  const records = await deps.repo.getUsers(wave.id, [...new Set(found.map((item) => item.userId))]);
  const names = new Map(records.map((record) => [record.userId, record.displayName]));
  const findings = found.map((item) => ({
    displayName: names.get(item.userId) ?? item.userId,
    loss: item.loss,
  }));
  const place = await whereAdminPostsGo(deps, { purpose: 'approval', wave });
  if (place) {
    const card = composeVerifyAlertCard({
      wave,
      findings,
      readBack: readBack.kind,
      config: deps.config,
      locale: adminCardLocale(deps.config, wave),
    });
    await deps.outbox.send(place.reference, { type: 'message', attachments: [card] });
  } else {
    deps.logger.warn({ waveId: wave.id, losses: found.length }, 'verify: no admin conversation to tell');
  }
  const at = deps.now();
  for (const item of found) {
    await deps.audit.append({
      at: at.toISOString(),
      action: 'enforcement-verify-flagged',
      waveId: wave.id,
      userId: item.userId,
      actor: 'verify',
      detail: item.loss,
    });
  }
  await deps.verifyFlags.flag(
    wave.id,
    found.map((item) => VerifyFlags.field(item.userId, item.loss)),
    at,
  );
}
