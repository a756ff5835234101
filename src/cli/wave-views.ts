/** What the CLI prints about waves: tables for people, plain objects for `--json`. */
import { type AdminPlace, describeAdminPlace } from '../app/admin-posts';
import { type PluralKey, t, tp } from '../cards/locales';
import { reasonText } from '../cards/views/ready-digest';
import type { Config } from '../config';
import { USER_STATUSES, type WaveUserRecord } from '../rollout/user-state';
import type { Wave } from '../rollout/wave';
import type { NamedUsers, WaveDigest } from '../rollout/wave-digest';
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
  /** What the admin digest shows (store/wave-digest-reader): counts, who is ready, who needs attention. */
  digest: WaveDigest;
  adminPosts: AdminPlace | undefined;
  csv?: CsvWaveReport;
}

/** The digest's groups in the digest's order, with the heading each has there. */
function digestGroups(digest: WaveDigest) {
  return {
    ready: [
      { key: 'readyStrong', heading: 'digest.list.readyStrong', list: digest.ready.strong },
      { key: 'readyPhoneOnly', heading: 'digest.list.readyPhoneOnly', list: digest.ready['phone-only'] },
    ],
    attention: [
      { key: 'pendingApproval', heading: 'pendingApproval.digest.list', list: digest.awaitingApproval },
      { key: 'unreachable', heading: 'digest.list.unreachable', list: digest.attention.unreachable },
      { key: 'noPhone', heading: 'digest.list.noPhone', list: digest.attention['no-phone'] },
      { key: 'disputed', heading: 'digest.list.disputed', list: digest.attention.disputed },
      { key: 'unresponsive', heading: 'digest.list.unresponsive', list: digest.attention.unresponsive },
    ],
  } as const satisfies Record<string, ReadonlyArray<{ key: string; heading: PluralKey; list: NamedUsers }>>;
}

/** By name, as the digest lists them. */
function byName(users: readonly WaveUserRecord[]): WaveUserRecord[] {
  return [...users].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en', { numeric: true }));
}

/** One group as the digest names it: its heading, its first names (with the reason), "and N more". */
function groupText(heading: PluralKey, list: NamedUsers): string[] {
  const users = byName(list.users);
  const more = list.total - users.length;
  return [
    tp('en', heading, list.total),
    ...table(
      ['', '', ''],
      users.map((user) => [
        `  ${user.displayName}`,
        user.userPrincipalName,
        user.reason?.trim() ? reasonText('en', user.reason.trim()) : '',
      ]),
    )
      .split('\n')
      .filter(Boolean),
    ...(more > 0 ? [`  ${tp('en', 'digest.more', more)}`] : []),
  ];
}

/** The digest's lists for people: "Ready to enforce" and "Needs your attention", non-empty groups only. */
function digestText(digest: WaveDigest): string[] {
  const groups = digestGroups(digest);
  const section = (heading: string, items: ReadonlyArray<{ heading: PluralKey; list: NamedUsers }>) => {
    const shown = items.filter((item) => item.list.total > 0);
    return shown.length
      ? ['', heading.toUpperCase(), ...shown.flatMap((item) => groupText(item.heading, item.list))]
      : [];
  };
  return [
    ...section(t('en', 'digest.readyHeading'), groups.ready),
    ...section(t('en', 'digest.attentionHeading'), groups.attention),
  ];
}

/** The same lists for `--json`: each group's total and its first users (id, names, reason). */
export function digestJson(digest: WaveDigest) {
  const groups = digestGroups(digest);
  const listJson = (list: NamedUsers) => ({
    total: list.total,
    users: byName(list.users).map((user) => ({
      id: user.userId,
      displayName: user.displayName,
      userPrincipalName: user.userPrincipalName,
      ...(user.reason ? { reason: user.reason } : {}),
    })),
  });
  const of = (items: ReadonlyArray<{ key: string; list: NamedUsers }>) =>
    Object.fromEntries(items.map((item) => [item.key, listJson(item.list)]));
  return { ready: of(groups.ready), attention: of(groups.attention) };
}

export function waveStatusText({ wave, digest, adminPosts, csv, config }: WaveStatusView): string {
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
    USER_STATUSES.map((status) => [status, String(digest.counts[status] ?? 0)]),
  );
  const parts = [facts, '', states, ...digestText(digest)];
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
