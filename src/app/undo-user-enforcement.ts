import type { Attachment } from 'botbuilder';
import { composeMessageCard } from '../cards/message-cards';
import { getUser } from '../graph/users';
import type { PlanActor } from '../rollout/enforcement-plan';
import { isGuid } from '../rollout/guid';
import { isWaveId } from '../rollout/wave';
import type { RolloutDeps } from './deps';
import { undoEnforcement } from './undo-enforcement';

/**
 * `wave undo <wave id> <user id or UPN>` in chat: one user's enforcement undone, as the CLI's
 * `wave undo --user` does. Typed by an admin on purpose, like the CLI, so it acts without a second
 * question; the digest's Undo (a whole wave) asks first. Audited by undoEnforcement.
 */
export async function undoUserEnforcementCard(
  deps: RolloutDeps,
  input: { waveId?: string; user?: string; admin: PlanActor; locale: string | undefined },
): Promise<Attachment> {
  const { waveId, user, admin, locale } = input;
  const message = (key: Parameters<typeof composeMessageCard>[0], params?: Record<string, string | number>) =>
    composeMessageCard(key, { config: deps.config, locale, params });
  if (!waveId || !user) return message('userUndoUsage');
  const wave = isWaveId(waveId) ? await deps.repo.getWave(waveId) : undefined;
  if (!wave) return message('noWaveWithId');
  // An id or a UPN (at most 113 + 1 + 256 characters); anything longer is no user.
  const userId = isGuid(user) ? user : user.length <= 370 ? (await getUser(deps.graph, user))?.id : undefined;
  const record = userId ? await deps.repo.getUser(wave.id, userId) : undefined;
  if (!record) return message('userNotInWave', { user, wave: wave.name });
  const result = await undoEnforcement(deps, wave.id, admin, { userId: record.userId });
  if (!result.ok) return message('userNotEnforced', { name: record.displayName, wave: wave.name });
  const { restored, failed } = result.counts;
  if (restored === 1) return message('userUndone', { name: record.displayName, wave: wave.name });
  // Entra ID refused the change, or nothing was recorded before it (enforced outside this bot).
  return message(failed ? 'userUndoFailed' : 'userUndoUnrecorded', {
    name: record.displayName,
    wave: wave.name,
  });
}
