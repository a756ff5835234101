import type { Redis } from 'ioredis';
import type { RolloutKeys } from './keys';

/** One line of the append-only audit stream. Never holds a clear phone number or a token. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  waveId?: string;
  userId?: string;
  from?: string;
  to?: string;
  detail?: string;
}

export function auditFields(entry: AuditEntry): string[] {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (value !== undefined && value !== '') fields.push(key, String(value));
  }
  return fields;
}

export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.redis.xadd(this.keys.audit, '*', ...auditFields(entry));
  }

  /** Newest last; `count` caps how many are read. */
  async read(filter: { waveId?: string; userId?: string } = {}, count = 1000): Promise<AuditEntry[]> {
    const rows = await this.redis.xrevrange(this.keys.audit, '+', '-', 'COUNT', count);
    const entries = rows.map(([, fields]) => {
      const entry: Record<string, string> = {};
      for (let i = 0; i < fields.length; i += 2) entry[fields[i]!] = fields[i + 1]!;
      return entry as unknown as AuditEntry;
    });
    return entries
      .filter(
        (entry) =>
          (!filter.waveId || entry.waveId === filter.waveId) &&
          (!filter.userId || entry.userId === filter.userId),
      )
      .reverse();
  }
}
