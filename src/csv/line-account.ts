import type { CsvLineError } from '../rollout/csv-row';
import { type LineSpan, rangeText } from './line-span';
import { knownParseError, parseErrorMessage } from './parser';

/**
 * Accounts for every line of a file: each line is in a record, in a reported problem, or reported
 * as unreadable; none is dropped silently. Problems come out in the order they were found, each
 * once it is final: the latest one stays open while a parse error that starts inside it may still
 * extend it (csv-parse reports one broken record more than once).
 */
export class LineAccount {
  /** The first line no record or problem has accounted for yet. */
  nextLine = 1;
  private latest?: { error: CsvLineError; end: number };
  private readonly done: CsvLineError[] = [];

  /**
   * Lines before `span` nobody accounted for were swallowed by the parser: a problem once the
   * header is known (before it, the lines were nothing the file needs).
   */
  cover(span: LineSpan, reportGap: boolean): void {
    if (span.start > this.nextLine && reportGap) {
      const gap = { start: this.nextLine, end: span.start - 1 };
      this.add(
        gap,
        `${rangeText(gap)} could not be read as CSV rows${this.latest ? ' (after the error above)' : ''}`,
      );
    }
    this.nextLine = Math.max(this.nextLine, span.end + 1);
  }

  /** A problem with these lines (the caller covered them). */
  add(span: LineSpan, message: string): void {
    if (this.latest) this.done.push(this.latest.error);
    const error: CsvLineError = { line: span.start, message };
    if (span.end > span.start) error.endLine = span.end;
    this.latest = { error, end: span.end };
  }

  /** A record csv-parse could not read, once the header is known. */
  unreadable(span: LineSpan, code: string): void {
    const latest = this.latest;
    if (latest && span.start <= latest.end) {
      // The same broken record reported twice, or a later error that started inside it.
      if (span.end > latest.end) {
        latest.error.endLine = span.end;
        latest.error.message = `${knownParseError(code) ?? latest.error.message}; ${rangeText({ start: latest.error.line, end: span.end })} were not read`;
        latest.end = span.end;
      }
      this.nextLine = Math.max(this.nextLine, span.end + 1);
      return;
    }
    this.cover(span, true);
    let message = parseErrorMessage(code);
    if (span.end > span.start) message += `; ${rangeText(span)} were not read`;
    this.add(span, message);
  }

  /** Problems that can no longer change, oldest first; each is handed out once. */
  *final(): Generator<CsvLineError> {
    while (this.done.length) yield this.done.shift()!;
  }

  /** At the end of the file (or when it is refused) the latest problem is final too. */
  *all(): Generator<CsvLineError> {
    if (this.latest) this.done.push(this.latest.error);
    this.latest = undefined;
    yield* this.final();
  }
}
