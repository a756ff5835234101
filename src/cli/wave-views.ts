/** What the CLI prints about waves: tables for people, plain objects for `--json`. */
import { type AdminPlace, describeAdminPlace } from '../app/admin-posts';
import type { Config } from '../config';
import { USER_STATUSES, type UserStatus } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { CsvWaveReport } from '../store/csv-rows';
import { shortTime, table } from './tables';

function sourceOf(wave: Wave): string {
  return wave.source.kind === 'group'
    ? `Entra group ${wave.source.groupName ?? ''} (${wave.source.groupId})`.replace('  ', ' ')
    : `CSV file ${wave.source.fileName}`;
}

export function wavesTable(waves: readonly Wave[]): string {
  if (!waves.length) return 'no waves';
  return table(
    ['WAVE ID', 'NAME', 'STATUS', 'USERS', 'DEADLINE', 'STARTED'],
    waves.map((wave) => [
      wave.id,
      wave.name,
      wave.status,
      String(wave.total),
      wave.deadline.slice(0, 10),
      shortTime(wave.createdAt),
    ]),
  );
}

/** A wave for `--json`: everything but the stored conversation reference (ids of a chat, not for scripts). */
export function waveJson(wave: Wave) {
  const { adminConversation: _reference, ...rest } = wave;
  return rest;
}

export function adminPlaceJson(place: AdminPlace | undefined) {
  return place ? { kind: place.kind, conversationId: place.reference.conversation?.id ?? null } : null;
}

export interface WaveStatusView {
  wave: Wave;
  /** Names the admin channel, when it has a name. */
  config: Pick<Config, 'ADMIN_CHANNEL_NAME'>;
  counts: Record<UserStatus, number>;
  adminPosts: AdminPlace | undefined;
  csv?: CsvWaveReport;
}

export function waveStatusText({ wave, counts, adminPosts, csv, config }: WaveStatusView): string {
  const facts = table(
    ['WAVE', wave.name],
    [
      ['id', wave.id],
      ['source', sourceOf(wave)],
      ['status', `${wave.status}, ${wave.total} users`],
      ['deadline', shortTime(wave.deadline)],
      ['started', `${shortTime(wave.createdAt)} by ${wave.createdBy.name}`],
      ['admin posts', describeAdminPlace(adminPosts, config)],
    ],
  );
  const states = table(
    ['STATE', 'USERS'],
    USER_STATUSES.map((status) => [status, String(counts[status] ?? 0)]),
  );
  const parts = [facts, '', states];
  if (csv) {
    parts.push(
      '',
      `CSV: ${csv.rows} distinct users in the file, ${csv.unresolvedCount} not in the directory`,
    );
    if (csv.unresolved.length)
      parts.push(
        table(
          ['LINE', 'USER', 'WHY'],
          csv.unresolved.map((row) => [String(row.line), row.user, row.reason]),
        ),
      );
    if (csv.unresolvedCount > csv.unresolved.length)
      parts.push(`... and ${csv.unresolvedCount - csv.unresolved.length} more`);
  }
  return parts.join('\n');
}
