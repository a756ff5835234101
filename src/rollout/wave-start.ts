import { isGuid } from './guid';
/**
 * What an admin may ask for when starting a wave, and why a start is refused. Every admin-typed
 * field has a bound an admin is told about; the overlap rule keeps a user in one active wave.
 */

/** Shown on every card and in every list: long enough for "Pilot: Finance, HR and Legal (Copenhagen)". */
export const WAVE_NAME_MAX_CHARS = 80;

/** Days from the start to the deadline; the same range bounds WAVE_DEFAULT_DEADLINE_DAYS. */
export const DEADLINE_DAYS = { min: 1, max: 365 } as const;

/** Waves named in an overlap warning; the rest are counted. */
export const OVERLAP_WAVES_NAMED = 5;

/** An echoed input never floods an answer. */
const ECHO_MAX_CHARS = 40;

/** Source users already in another active (or expanding) wave, counted, with the waves they are in. */
export interface WaveOverlap {
  /** Users the source names (group members, CSV rows). */
  targeted: number;
  /** Of them, already in another active wave: a new wave leaves them out. */
  overlapping: number;
  /** Of the overlapping, already ready or enforced there. */
  alreadyDone: number;
  /** The waves they are in, most users first, at most OVERLAP_WAVES_NAMED; `alreadyDone` of them per wave. */
  waves: Array<{ waveId: string; name: string; users: number; alreadyDone: number }>;
  /** Overlapping users in waves not named. */
  usersInOtherWaves: number;
  /** Of those, already ready or enforced there. */
  alreadyDoneInOtherWaves: number;
}

export function othersThan(overlap: WaveOverlap): number {
  return Math.max(0, overlap.targeted - overlap.overlapping);
}

export type WaveStartRefusal =
  | { kind: 'invalid-group-id'; given: string }
  | { kind: 'group-not-found'; groupId: string }
  | { kind: 'group-forbidden'; groupId: string }
  | { kind: 'group-empty'; groupId: string; groupName?: string }
  | { kind: 'name-too-long'; length: number; max: number }
  | { kind: 'deadline-out-of-range'; given: string; min: number; max: number }
  /** Some users are in another active wave and the admin did not choose to leave them out. */
  | { kind: 'overlap'; overlap: WaveOverlap; waveName: string }
  /** Leaving the overlapping users out leaves nobody. */
  | { kind: 'nobody-left'; overlap: WaveOverlap };

/** A start refused before anything was created; `message` is for logs, people read the refusal rendered. */
export class WaveStartRefusedError extends Error {
  constructor(
    readonly refusal: WaveStartRefusal,
    /** What else the caller had learnt (e.g. a CSV import report) when it refused. */
    readonly context?: unknown,
  ) {
    super(`wave start refused: ${refusal.kind}`);
    this.name = 'WaveStartRefusedError';
  }
}

function echo(text: string): string {
  const chars = [...text];
  return chars.length > ECHO_MAX_CHARS ? `${chars.slice(0, ECHO_MAX_CHARS - 1).join('')}…` : text;
}

/** Control characters become spaces, runs of white space one space. */
export function normaliseWaveName(raw: string): string {
  return raw
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A name the admin typed: undefined when blank, refused when too long (they chose it, they shorten it). */
export function checkWaveName(raw: string | undefined): string | undefined {
  const name = normaliseWaveName(raw ?? '');
  if (!name) return undefined;
  const length = [...name].length;
  if (length > WAVE_NAME_MAX_CHARS)
    throw new WaveStartRefusedError({ kind: 'name-too-long', length, max: WAVE_NAME_MAX_CHARS });
  return name;
}

/** A name the admin did not type (a group's or a file's name): shortened to fit, never refused. */
export function shortenWaveName(raw: string | undefined): string | undefined {
  const name = normaliseWaveName(raw ?? '');
  if (!name) return undefined;
  const chars = [...name];
  if (chars.length <= WAVE_NAME_MAX_CHARS) return name;
  return `${chars
    .slice(0, WAVE_NAME_MAX_CHARS - 1)
    .join('')
    .trimEnd()}…`;
}

/** Whole days within DEADLINE_DAYS; `raw` as typed (a CLI or chat argument) or a number. */
export function checkDeadlineDays(raw: string | number | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const text = String(raw).trim();
  const days = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(days) || days < DEADLINE_DAYS.min || days > DEADLINE_DAYS.max) {
    throw new WaveStartRefusedError({
      kind: 'deadline-out-of-range',
      given: echo(text),
      min: DEADLINE_DAYS.min,
      max: DEADLINE_DAYS.max,
    });
  }
  return days;
}

/** Entra group ids are GUIDs; anything else is refused before Graph is asked. */
export function checkGroupId(raw: string): string {
  const groupId = raw.trim();
  if (!isGuid(groupId)) throw new WaveStartRefusedError({ kind: 'invalid-group-id', given: echo(groupId) });
  return groupId.toLowerCase();
}

/**
 * Refused when users overlap and the admin did not include the overlap (naming the wave that would
 * start, for whoever decides next), or when nobody would be left.
 */
export function checkOverlap(overlap: WaveOverlap, includeOverlap: boolean, waveName: string): void {
  if (overlap.overlapping === 0) return;
  if (othersThan(overlap) === 0) throw new WaveStartRefusedError({ kind: 'nobody-left', overlap });
  if (!includeOverlap) throw new WaveStartRefusedError({ kind: 'overlap', overlap, waveName });
}
