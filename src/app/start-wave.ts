import { randomBytes } from 'node:crypto';
import { getGroupName } from '../graph/group-members';
import { makeWaveId, type Wave } from '../rollout/wave';
import {
  checkDeadlineDays,
  checkGroupId,
  checkOverlap,
  checkWaveName,
  shortenWaveName,
  WaveStartRefusedError,
} from '../rollout/wave-start';
import type { RolloutDeps } from './deps';
import { newWave, readingGroup, type WaveStartCommon } from './new-wave';
import { groupOverlap } from './wave-overlap';

export interface StartWaveRequest extends WaveStartCommon {
  groupId: string;
}

/**
 * Checks the request, the group and the overlap with active waves, then creates the wave and
 * queues its expansion. Shared by the chat command and the CLI. Throws WaveStartRefusedError,
 * having created nothing, when the admin has something to fix or decide.
 */
export async function startWave(deps: RolloutDeps, request: StartWaveRequest): Promise<Wave> {
  const groupId = checkGroupId(request.groupId);
  const typedName = checkWaveName(request.name);
  const deadlineDays = checkDeadlineDays(request.deadlineDays, deps.config.WAVE_DEFAULT_DEADLINE_DAYS);
  const groupName = await readingGroup(groupId, () => getGroupName(deps.graph, groupId));
  await deps.activeWaves.indexOlderWaves();
  const overlap = await readingGroup(groupId, () => groupOverlap(deps, groupId));
  if (overlap.targeted === 0) throw new WaveStartRefusedError({ kind: 'group-empty', groupId, groupName });
  const name = typedName ?? shortenWaveName(groupName) ?? 'Wave';
  checkOverlap(overlap, request.includeOverlap ?? false, name);
  const now = deps.now();
  const wave = newWave(request, {
    id: makeWaveId(now, name, randomBytes(3).toString('hex')),
    name,
    source: { kind: 'group', groupId, groupName },
    leftOut: overlap.overlapping,
    now,
    deadlineDays,
  });
  await deps.repo.saveWave(wave);
  await deps.audit.append({
    at: now.toISOString(),
    actor: request.createdBy.id,
    action: 'wave-created',
    waveId: wave.id,
    detail: `group ${groupId}${overlap.overlapping ? `; ${overlap.overlapping} users already in active waves left out` : ''}`,
  });
  await deps.jobs.expandWave(wave.id);
  return wave;
}
