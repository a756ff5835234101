/** The lines of the file (1-based, inclusive) one record or one problem covers. */
export interface LineSpan {
  start: number;
  end: number;
}

/** csv-parse reports the line a record ends on; its raw text tells how many lines it spans. */
export function spanOf(endLine: number, raw: string | undefined): LineSpan {
  if (!raw) return { start: endLine, end: endLine };
  let breaks = 0;
  for (let at = raw.indexOf('\n'); at !== -1; at = raw.indexOf('\n', at + 1)) breaks++;
  return { start: Math.max(1, endLine - breaks + (raw.endsWith('\n') ? 1 : 0)), end: endLine };
}

export function rangeText(span: LineSpan): string {
  return span.end > span.start ? `lines ${span.start}–${span.end}` : `line ${span.start}`;
}
