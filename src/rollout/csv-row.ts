import { z } from 'zod';
import { isGuid } from './guid';

/**
 * One row of a wave CSV, in domain words: which user it names (object id or userPrincipalName) and
 * on which line. Pure: reading the file lives in src/csv/, storing rows in store/csv-rows.ts. Every
 * error says what is wrong and where, never the value itself (a misplaced column can hold a phone
 * number, and reports end up in chats and terminals).
 *
 * Accepted layouts:
 * - a header naming the columns, in any case, with spaces, dashes or underscores: `userPrincipalName`
 *   (or `UPN`, `User principal name`, `Email`, `Mail`...), `id` (or `objectId`, `Object ID`,
 *   `userId`...), optionally `displayName` (or `name`); other columns are ignored. The Entra admin
 *   center's templates (`Member object ID or user principal name [memberObjectIdOrUpn] Required`,
 *   after a `version:v1.0` line) work as they are: a bracketed property name wins over the label.
 * - no header at all: the first column holds object ids or UPNs, one per line.
 */

export type CsvUserRef = { kind: 'id'; value: string } | { kind: 'upn'; value: string };

export interface CsvWaveRow {
  /** 1-based line of the file the row starts on. */
  line: number;
  user: CsvUserRef;
  /** Informational only: the directory's name is the one shown to people. Never stored. */
  displayName?: string;
}

export interface CsvLineError {
  line: number;
  /** Set when the problem covers several lines (a quote left open swallows the lines after it). */
  endLine?: number;
  message: string;
}

export type CsvField = 'userPrincipalName' | 'id' | 'idOrUpn' | 'displayName';

/** Header names after normalisation (lower case, letters and digits only), best first. */
const FIELD_ALIASES: Readonly<Record<CsvField, readonly string[]>> = {
  userPrincipalName: [
    'userprincipalname',
    'upn',
    'principalname',
    'signinname',
    // A mail address is usually the UPN; when it is not, the row is reported as an unknown user.
    'email',
    'emailaddress',
    'mail',
    'primarysmtpaddress',
  ],
  id: ['id', 'objectid', 'userid', 'userobjectid', 'aadobjectid', 'entraobjectid', 'azureadobjectid'],
  idOrUpn: ['memberobjectidorupn', 'objectidorupn', 'idorupn', 'user', 'member', 'identity'],
  displayName: ['displayname', 'name', 'fullname'],
};

const FIELDS = Object.keys(FIELD_ALIASES) as CsvField[];
const USER_FIELDS: readonly CsvField[] = ['userPrincipalName', 'id', 'idOrUpn'];

/** How the file's columns map onto fields. */
export interface CsvLayout {
  hasHeader: boolean;
  /** Column index of each field found. */
  columns: Partial<Record<CsvField, number>>;
  /** The header text of each field found, for the report. */
  headerNames: Partial<Record<CsvField, string>>;
  /** Number of header cells (0 without a header: rows may have any width then). */
  width: number;
}

export type CsvHeaderResult = { ok: true; layout: CsvLayout } | { ok: false; message: string };

/**
 * Entra ID accepts letters, digits and ' . - _ ! # ^ ~ before the @ (64 at most; `#EXT#` guests
 * included) and a domain of dot-separated labels after it; 113 characters in all.
 */
const UPN_LOCAL = /^[A-Za-z0-9'._!#^~-]{1,64}$/;
const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const UPN_MAX = 113;
const DISPLAY_NAME_MAX = 256;

export function isObjectId(value: string): boolean {
  return isGuid(value);
}

export function isUserPrincipalName(value: string): boolean {
  if (value.length > UPN_MAX) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  return (
    UPN_LOCAL.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    DOMAIN.test(value.slice(at + 1))
  );
}

function normaliseHeader(cell: string): string {
  const bracketed = /\[([^\]]+)\]/.exec(cell);
  return (bracketed ? bracketed[1]! : cell)
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Reads the first row that is neither blank nor a preamble line: a header naming a user column, or
 * (no header) a first data row whose first cell is an object id or a UPN.
 */
export function readHeader(cells: readonly string[]): CsvHeaderResult {
  const best: Partial<Record<CsvField, { index: number; rank: number }>> = {};
  cells.forEach((cell, index) => {
    const key = normaliseHeader(cell);
    if (!key) return;
    for (const field of FIELDS) {
      const rank = FIELD_ALIASES[field].indexOf(key);
      const current = best[field];
      if (rank >= 0 && (!current || rank < current.rank)) best[field] = { index, rank };
    }
  });
  // A column named for one kind of identifier wins over a column that may hold either.
  if (best.userPrincipalName || best.id) delete best.idOrUpn;
  if (USER_FIELDS.some((field) => best[field])) {
    const columns: CsvLayout['columns'] = {};
    const headerNames: CsvLayout['headerNames'] = {};
    for (const field of FIELDS) {
      const found = best[field];
      if (!found) continue;
      columns[field] = found.index;
      headerNames[field] = cells[found.index]!.trim().replace(/^\uFEFF/, '');
    }
    return { ok: true, layout: { hasHeader: true, columns, headerNames, width: cells.length } };
  }
  const first = (cells[0] ?? '').trim().replace(/^\uFEFF/, '');
  if (isObjectId(first) || isUserPrincipalName(first)) {
    return { ok: true, layout: { hasHeader: false, columns: { idOrUpn: 0 }, headerNames: {}, width: 0 } };
  }
  const found = cells
    .map((cell) => cell.trim().slice(0, 40))
    .filter(Boolean)
    .slice(0, 10);
  return {
    ok: false,
    message:
      'no column names the users: expected a header with userPrincipalName (or UPN, Email) or id (or ' +
      `objectId), or one object id or UPN per line; the first line has ${found.length ? found.map((name) => `"${name}"`).join(', ') : 'no values'}`,
  };
}

const optionalCell = z.string().optional();

/** The row's cells by field, empty cells already dropped. Field rules only; see parseRow for the rest. */
export const csvRowSchema = z
  .object({
    userPrincipalName: optionalCell.refine((value) => value === undefined || isUserPrincipalName(value), {
      message: 'userPrincipalName is not a valid user principal name (name@domain)',
    }),
    id: optionalCell.refine((value) => value === undefined || isObjectId(value), {
      message: 'id is not an object id (a GUID like 0b4c2a1e-3d5f-4a60-8b71-000000000001)',
    }),
    idOrUpn: optionalCell.refine(
      (value) => value === undefined || isObjectId(value) || isUserPrincipalName(value),
      { message: 'the user is neither an object id (GUID) nor a user principal name (name@domain)' },
    ),
    displayName: optionalCell.transform((value) => value?.slice(0, DISPLAY_NAME_MAX)),
  })
  .refine((row) => row.userPrincipalName || row.id || row.idOrUpn, {
    message: 'no user on this line: the user column is empty',
  });

export type CsvRowResult = { ok: true; row: CsvWaveRow } | { ok: false; error: CsvLineError };

function describeUserColumns(layout: CsvLayout): { text: string; count: number } {
  const names = USER_FIELDS.filter((field) => layout.columns[field] !== undefined).map(
    (field) => layout.headerNames[field] ?? field,
  );
  return { text: names.map((name) => `"${name}"`).join(' and '), count: names.length };
}

/** Validates one data row against the layout. `cells` are the row's values as parsed. */
export function parseRow(layout: CsvLayout, cells: readonly string[], line: number): CsvRowResult {
  const values = cells.map((cell) => cell.trim());
  const fail = (message: string): CsvRowResult => ({ ok: false, error: { line, message } });
  if (layout.hasHeader && values.length > layout.width && values.slice(layout.width).some(Boolean)) {
    return fail(
      `${values.length} values but the header has ${layout.width}: a value that contains the delimiter must be in double quotes`,
    );
  }
  const userColumns = USER_FIELDS.map((field) => layout.columns[field]).filter(
    (index): index is number => index !== undefined,
  );
  if (userColumns.every((index) => index >= values.length)) {
    const columns = describeUserColumns(layout);
    return fail(
      `${values.length} value${values.length === 1 ? '' : 's'}: the ${columns.text} ${columns.count === 1 ? 'column is' : 'columns are'} missing`,
    );
  }
  const candidate: Record<string, string | undefined> = {};
  for (const field of FIELDS) {
    const index = layout.columns[field];
    const value = index === undefined ? undefined : values[index];
    candidate[field] = value ? value : undefined;
  }
  const parsed = csvRowSchema.safeParse(candidate);
  if (!parsed.success) return fail(parsed.error.issues.map((issue) => issue.message).join('; '));
  const { userPrincipalName, id, idOrUpn, displayName } = parsed.data;
  // With both columns filled, the object id decides: it cannot be renamed away.
  let user: CsvUserRef;
  if (id) user = { kind: 'id', value: id.toLowerCase() };
  else if (userPrincipalName) user = { kind: 'upn', value: userPrincipalName };
  else if (idOrUpn && isObjectId(idOrUpn)) user = { kind: 'id', value: idOrUpn.toLowerCase() };
  else user = { kind: 'upn', value: idOrUpn! };
  return { ok: true, row: { line, user, ...(displayName ? { displayName } : {}) } };
}

/** A row with no value in any cell: skipped, not an error. */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Lines tools put before the header: Excel's `sep=;` and the Entra templates' `version:v1.0`. */
export function isPreambleLine(text: string): boolean {
  return /^\uFEFF?\s*(?:sep=.|version:v\d+(?:\.\d+)*)\s*$/i.test(text.replace(/[\r\n]+$/, ''));
}

/** The same user written twice (any case) has one key; an id and a UPN of one user are told apart later. */
export function csvUserKey(user: CsvUserRef): string {
  return `${user.kind}:${user.value.toLowerCase()}`;
}
