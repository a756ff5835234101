/**
 * One cell of a CSV file people open in Excel: quoted when it holds a delimiter, quote or line
 * break, and a text that starts like a formula (= + - @, tab, carriage return) is prefixed with an
 * apostrophe so a spreadsheet shows it instead of running it (OWASP's CSV injection advice).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: ReadonlyArray<string | number | undefined>): string {
  return values.map(csvCell).join(',');
}
