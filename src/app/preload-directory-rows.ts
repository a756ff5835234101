import { readProfileMobilesBatch } from '../graph/profile-phones';
import { UserLookupError } from '../graph/user-batch';
import type { PreloadInputRow } from '../rollout/preload-plan';
import type { RolloutDeps } from './deps';

const CHUNK = 200;

/**
 * A preload from the directory: each user of the wave with their profile's `mobilePhone` as the
 * number to preload, numbered 1.. in the wave's order (the "line" of the report). Undefined when
 * the wave does not exist.
 */
export async function directoryPreloadRows(
  deps: RolloutDeps,
  waveId: string,
): Promise<AsyncIterable<PreloadInputRow> | undefined> {
  if (!(await deps.repo.getWave(waveId))) return undefined;
  return (async function* rows() {
    let line = 0;
    for await (const userIds of deps.repo.scanUserIds(waveId, CHUNK)) {
      const profiles = await readProfileMobilesBatch(deps.graph, userIds);
      for (const userId of userIds) {
        line++;
        const profile = profiles.get(userId);
        if (profile instanceof UserLookupError && !profile.isFinal) throw profile;
        const mobile = profile && !(profile instanceof UserLookupError) ? profile.mobilePhone : undefined;
        yield { line, user: { kind: 'id', value: userId }, cells: mobile ? { mobile } : {} };
      }
    }
  })();
}
