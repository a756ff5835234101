import { isPreambleLine } from '../rollout/csv-row';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof DELIMITERS)[number];

/**
 * The field delimiter, from the start of the file: an Excel `sep=` line when there is one, otherwise
 * whichever of , ; TAB | occurs most (outside quotes) on the first line that is not blank or a
 * preamble. Excel saves ";" in locales where the comma is the decimal sign (Denmark, Germany...).
 */
export function sniffDelimiter(head: string): CsvDelimiter {
  const lines = head.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (const line of lines) {
    const sep = /^\s*sep=(.)\s*$/i.exec(line);
    if (sep) {
      const declared = DELIMITERS.find((delimiter) => delimiter === sep[1]);
      if (declared) return declared;
      continue;
    }
    if (!line.trim() || isPreambleLine(line)) continue;
    const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((delimiter) => [delimiter, 0]));
    let quoted = false;
    for (const char of line) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && counts.has(char as CsvDelimiter))
        counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
    }
    let best: CsvDelimiter = ',';
    for (const delimiter of DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
    return best;
  }
  return ',';
}
