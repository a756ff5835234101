/**
 * What the simulator was asked, for assertions: method, path, query and status, never a body (bodies
 * carry phone numbers). Bounded, so a 100,000-user benchmark does not grow it without end; `count`
 * keeps counting past the bound.
 */
export interface LoggedRequest {
  method: string;
  /** Path including the version, e.g. `/v1.0/$batch`; without the query. */
  path: string;
  query: string;
  status: number;
  /** Arrived inside a `$batch`. */
  batchItem: boolean;
}

export class RequestLog {
  private items: LoggedRequest[] = [];
  private total = 0;

  constructor(private readonly capacity = 10_000) {}

  record(entry: LoggedRequest): void {
    this.total++;
    this.items.push(entry);
    // Trim in halves so recording stays O(1) amortised.
    if (this.items.length >= this.capacity * 2) this.items = this.items.slice(-this.capacity);
  }

  /** Requests seen since the last clear, including the ones no longer kept. */
  get count(): number {
    return this.total;
  }

  get entries(): readonly LoggedRequest[] {
    return this.items.length > this.capacity ? this.items.slice(-this.capacity) : this.items;
  }

  /** Kept entries whose path matches (and status, when given). */
  matching(path: RegExp, status?: number): LoggedRequest[] {
    return this.entries.filter(
      (entry) => path.test(entry.path) && (status === undefined || entry.status === status),
    );
  }

  clear(): void {
    this.items = [];
    this.total = 0;
  }
}
