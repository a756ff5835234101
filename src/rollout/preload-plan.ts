import type { CsvUserRef } from './csv-row';
import type { DirectoryUser, PhoneMethod, PhoneType } from './directory';
import { type PhoneProblem, parsePhoneInput } from './phone-number';

/**
 * The phone preload's decision for one row of a file (or one directory user): what the apply would
 * do to the user's phone methods, decided from the row's numbers and what Graph holds now. Pure:
 * the same function decides the dry run and, on fresh reads, the apply.
 */
export const PRELOAD_DECISIONS = [
  'add',
  'unchanged',
  /** The user has a different number of that type: held, never overwritten without `overwrite`. */
  'change',
  'overwrite',
  'invalid-number',
  'unknown-user',
  'duplicate-row',
  'excluded',
] as const;
export type PreloadDecision = (typeof PRELOAD_DECISIONS)[number];

/** What the apply did per user, counted as it goes. */
export const PRELOAD_OUTCOMES = [
  'added',
  'overwritten',
  'unchanged',
  'held',
  'user-not-found',
  'failed',
] as const;
export type PreloadOutcome = (typeof PRELOAD_OUTCOMES)[number];

/** Rows the apply works on: a known, included user with numbers that parse. */
export const ACTIONABLE_DECISIONS: ReadonlySet<PreloadDecision> = new Set([
  'add',
  'unchanged',
  'change',
  'overwrite',
]);

/** Mobile first: Graph refuses an alternate mobile while the user has no mobile. */
export const PRELOAD_PHONE_TYPES: readonly PhoneType[] = ['mobile', 'alternateMobile', 'office'];

/** A row's numbers as the file wrote them, by type (never logged, never stored in clear). */
export type PhoneCells = Partial<Record<PhoneType, string>>;

/** A row read from the source (file or directory), before the directory was asked. */
export interface PreloadInputRow {
  line: number;
  user: CsvUserRef;
  cells: PhoneCells;
}

/** A row's numbers once checked: Graph's "+{cc} {number}" form, by type. */
export type TargetPhones = Partial<Record<PhoneType, string>>;

export interface PhoneWriteIntent {
  phoneType: PhoneType;
  /** Graph format; the caller seals it or hands it straight to Graph. */
  phoneNumber: string;
  /** POST when the user has no phone of that type, PATCH to replace one (overwrite only). */
  method: 'POST' | 'PATCH';
}

export interface InvalidNumber {
  phoneType: PhoneType;
  problem: PhoneProblem;
  /** The country the number was read against (the user's usageLocation), when known. */
  usageLocation?: string;
}

export type ParsedTargets = { ok: true; phones: TargetPhones } | { ok: false; invalid: InvalidNumber };

/** Checks every number of a row against the user's usageLocation; the first bad one decides. */
export function parseTargets(cells: PhoneCells, usageLocation: string | undefined): ParsedTargets {
  const phones: TargetPhones = {};
  let any = false;
  for (const phoneType of PRELOAD_PHONE_TYPES) {
    const raw = cells[phoneType]?.trim();
    if (!raw) continue;
    any = true;
    const parsed = parsePhoneInput(raw, usageLocation);
    if (!parsed.ok) return { ok: false, invalid: { phoneType, problem: parsed.problem, usageLocation } };
    phones[phoneType] = parsed.graphNumber;
  }
  if (!any) return { ok: false, invalid: { phoneType: 'mobile', problem: 'empty', usageLocation } };
  return { ok: true, phones };
}

/** What decides a user's row once the directory and Graph answered. */
export interface PreloadUserFacts {
  targets: TargetPhones;
  existing: readonly PhoneMethod[];
  overwrite: boolean;
}

export interface PreloadUserPlan {
  decision: Extract<PreloadDecision, 'add' | 'unchanged' | 'change' | 'overwrite'>;
  /** What to write, mobile first; empty for unchanged and for a change held back. */
  writes: PhoneWriteIntent[];
  /** Types whose different number is held back (no overwrite). */
  held: PhoneType[];
}

/** Graph may hold a number in a looser shape ("+45 20 12 34 56"): compared in Graph's own form. */
function sameNumber(existing: string, target: string): boolean {
  if (existing === target) return true;
  const parsed = parsePhoneInput(existing);
  return parsed.ok && parsed.graphNumber === target;
}

/**
 * One user's plan: per type, add what is missing, leave what is equal, and replace a different
 * number only with `overwrite`. A row with any held type is a `change` (its other types still go).
 */
export function planUserPhones(facts: PreloadUserFacts): PreloadUserPlan {
  const writes: PhoneWriteIntent[] = [];
  const held: PhoneType[] = [];
  let added = false;
  let overwritten = false;
  for (const phoneType of PRELOAD_PHONE_TYPES) {
    const target = facts.targets[phoneType];
    if (!target) continue;
    const current = facts.existing.find((method) => method.phoneType === phoneType);
    if (!current) {
      writes.push({ phoneType, phoneNumber: target, method: 'POST' });
      added = true;
    } else if (sameNumber(current.phoneNumber, target)) {
      // Nothing to do: a second apply of the same file writes nothing.
    } else if (facts.overwrite) {
      writes.push({ phoneType, phoneNumber: target, method: 'PATCH' });
      overwritten = true;
    } else held.push(phoneType);
  }
  const decision = held.length ? 'change' : overwritten ? 'overwrite' : added ? 'add' : 'unchanged';
  return { decision, writes, held };
}

/** Who a row names, as far as the directory told. */
export type PreloadUserLookup =
  | { kind: 'found'; user: DirectoryUser }
  | { kind: 'unknown'; reason: string }
  | { kind: 'duplicate'; firstLine: number };

/** The decisions that need no phone read: a row that cannot be applied, and why. */
export function decideBeforeRead(
  lookup: PreloadUserLookup,
  cells: PhoneCells,
  excludedIds: ReadonlySet<string>,
):
  | {
      kind: 'final';
      decision: 'unknown-user' | 'duplicate-row' | 'excluded' | 'invalid-number';
      invalid?: InvalidNumber;
    }
  | { kind: 'read'; user: DirectoryUser; targets: TargetPhones } {
  if (lookup.kind === 'unknown') return { kind: 'final', decision: 'unknown-user' };
  if (lookup.kind === 'duplicate') return { kind: 'final', decision: 'duplicate-row' };
  const { user } = lookup;
  if (excludedIds.has(user.id.toLowerCase()) || user.accountEnabled === false) {
    return { kind: 'final', decision: 'excluded' };
  }
  const parsed = parseTargets(cells, user.usageLocation);
  if (!parsed.ok) return { kind: 'final', decision: 'invalid-number', invalid: parsed.invalid };
  return { kind: 'read', user, targets: parsed.phones };
}

export function emptyPreloadCounts(): Record<PreloadDecision, number> {
  return Object.fromEntries(PRELOAD_DECISIONS.map((decision) => [decision, 0])) as Record<
    PreloadDecision,
    number
  >;
}
