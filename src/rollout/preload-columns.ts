import type { PhoneType } from './directory';

/**
 * Which columns of a preload file hold numbers: the seeds' and Entra's bulk formats (`mobile` or
 * `phoneNumber`, optional `alternateMobile`, `office`), in any case, with spaces, dashes or
 * underscores; a bracketed property name wins over the label, as in Entra's templates.
 */
const PHONE_ALIASES: Readonly<Record<PhoneType, readonly string[]>> = {
  mobile: [
    'mobile',
    'mobilephone',
    'phonenumber',
    'mobilenumber',
    'phone',
    'cellphone',
    'authenticationphone',
  ],
  alternateMobile: ['alternatemobile', 'alternatemobilephone', 'alternatephone', 'alternatemobilenumber'],
  office: ['office', 'officephone', 'officenumber', 'businessphone', 'businessphones'],
};

export type PhoneColumns = Partial<Record<PhoneType, number>>;

function normalise(cell: string): string {
  const bracketed = /\[([^\]]+)\]/.exec(cell);
  return (bracketed ? bracketed[1]! : cell)
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The phone columns a header names (best alias first); empty when there are none. */
export function readPhoneColumns(cells: readonly string[]): PhoneColumns {
  const best: Partial<Record<PhoneType, { index: number; rank: number }>> = {};
  cells.forEach((cell, index) => {
    const key = normalise(cell);
    for (const type of Object.keys(PHONE_ALIASES) as PhoneType[]) {
      const rank = PHONE_ALIASES[type].indexOf(key);
      const current = best[type];
      if (rank >= 0 && (!current || rank < current.rank)) best[type] = { index, rank };
    }
  });
  const columns: PhoneColumns = {};
  for (const [type, found] of Object.entries(best)) if (found) columns[type as PhoneType] = found.index;
  return columns;
}

export const NO_PHONE_COLUMN_MESSAGE =
  'no column holds phone numbers: expected a header with mobile (or phoneNumber), and optionally alternateMobile and office';
