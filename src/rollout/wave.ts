/** A wave: one batch of users moved to MFA together (a pilot first, then department by department). */
export type WaveSource =
  | { kind: 'group'; groupId: string; groupName?: string }
  | { kind: 'csv'; fileName: string };

export type WaveStatus = 'expanding' | 'active' | 'closed';

export interface Wave {
  id: string;
  name: string;
  source: WaveSource;
  status: WaveStatus;
  createdBy: { id: string; name: string };
  createdAt: string;
  /** From this day on the users are expected to be enforced. */
  deadline: string;
  /** Users put into the wave by expansion (excluded ones included). */
  total: number;
  /**
   * Users the source named who were already in another active wave, left out (no card): the
   * count seen when the wave started, then the count its expansion left out.
   */
  leftOut?: number;
  /**
   * Where the admin started the wave (channel or 1:1): the announcement and the digest go there.
   * Opaque to the core: the transport layer stores its own conversation reference.
   */
  adminConversation?: unknown;
  /** Set once the wave was announced and its reminders scheduled. */
  announcedAt?: string;
  /** Language of the admin cards. */
  locale?: string;
}

/** A wave started from the CLI is created by the shell's user, as `cli:<user name>`. */
const COMMAND_LINE_ACTOR = 'cli:';

/** Who starts a wave from the command line: the operating-system user running the CLI. */
export function commandLineActor(osUser: string): Wave['createdBy'] {
  return { id: `${COMMAND_LINE_ACTOR}${osUser}`, name: osUser };
}

export function startedFromCommandLine(wave: Pick<Wave, 'createdBy'>): boolean {
  return wave.createdBy.id.startsWith(COMMAND_LINE_ACTOR);
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function waveDeadline(createdAt: Date, days: number): Date {
  return new Date(createdAt.getTime() + days * DAY_MS);
}

/** Wave ids appear in job ids and Redis keys: keep them short and free of ':' (BullMQ rule). */
export function makeWaveId(createdAt: Date, name: string, randomSuffix: string): string {
  const day = createdAt.toISOString().slice(0, 10).replaceAll('-', '');
  const slug =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24) || 'wave';
  return `${day}-${slug}-${randomSuffix}`;
}

/** Could be an id makeWaveId made: asked for anything else, the answer is "no such wave" without a lookup. */
export function isWaveId(text: string): boolean {
  return /^[0-9a-z-]{1,64}$/.test(text);
}
