import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphRequestError } from '../graph/errors';
import { listGroupUserPages } from '../graph/group-members';
import { readPhoneMethodsBatch } from '../graph/phone-batch';
import { readUsersBatch, UserLookupError } from '../graph/user-batch';
import type { EnforcementFacts, EnforcementOverride } from '../rollout/enforcement-gates';
import type { WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { RolloutDeps } from './deps';

/**
 * The facts the gates decide on, read fresh from Graph for a preview: the account (enabled, gone),
 * the wave's group and the break-glass group (one paged read each), and the phone of users who rely
 * on it. What Graph could not answer is 'unknown' and holds the user, never guessed.
 */
export async function readEnforcementFacts(
  deps: RolloutDeps,
  wave: Wave,
  records: readonly WaveUserRecord[],
  overrides: ReadonlyMap<string, EnforcementOverride>,
): Promise<Map<string, EnforcementFacts>> {
  const ids = records.map((record) => record.userId);
  const excluded = new Set(deps.config.EXCLUDED_USER_IDS.map((id) => id.toLowerCase()));
  const [breakGlass, waveGroup, accounts, phones] = await Promise.all([
    deps.config.BREAK_GLASS_GROUP_ID ? groupUserIds(deps.graph, deps.config.BREAK_GLASS_GROUP_ID) : new Set(),
    wave.source.kind === 'group' ? groupUserIds(deps.graph, wave.source.groupId) : undefined,
    readUsersBatch(deps.graph, ids),
    // Only users who rely on their phone need it read again.
    readPhoneMethodsBatch(
      deps.graph,
      records.filter((record) => !record.strongMethod && record.status === 'ready').map((r) => r.userId),
    ),
  ]);
  const facts = new Map<string, EnforcementFacts>();
  for (const record of records) {
    const key = record.userId.toLowerCase();
    const account = accounts.get(record.userId);
    const phone = phones.get(record.userId);
    facts.set(record.userId, {
      status: record.status,
      strongMethod: record.strongMethod,
      excludedByConfig: excluded.has(key),
      breakGlass: breakGlass.has(key),
      account:
        account === undefined
          ? 'unknown'
          : account instanceof UserLookupError
            ? account.reason === 'not-found'
              ? 'deleted'
              : 'unknown'
            : account.accountEnabled === false
              ? 'disabled'
              : 'enabled',
      inWaveSource: waveGroup ? waveGroup.has(key) : true,
      phoneOnAccount:
        phone === undefined
          ? 'unknown'
          : Array.isArray(phone)
            ? phone.some((method) => method.phoneType === 'mobile')
            : phone.reason === 'user-not-found'
              ? false
              : 'unknown',
      override: overrides.get(record.userId),
    });
  }
  return facts;
}

/** Lower-case ids of a group's users, nested groups included; a group that is gone has none. */
export async function groupUserIds(graph: Client, groupId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  try {
    for await (const page of listGroupUserPages(graph, groupId)) {
      for (const user of page.users) ids.add(user.id.toLowerCase());
    }
  } catch (error) {
    if (error instanceof GraphRequestError && error.isNotFound) return ids;
    throw error;
  }
  return ids;
}
