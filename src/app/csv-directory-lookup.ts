import type { Client } from '@microsoft/microsoft-graph-client';
import { readUsersBatch, UserLookupError, type UserLookupResult } from '../graph/user-batch';
import type { CsvLineError, CsvUserRef, CsvWaveRow } from '../rollout/csv-row';
import type { DirectoryUser } from '../rollout/directory';
import type { CsvRowStore } from '../store/csv-rows';
import { type CsvDirectoryCheck, type CsvDuplicateLine, Listing } from './csv-import-report';
import { describeLookupFailure } from './csv-lookup-failure';

function userText(user: CsvUserRef): string {
  return user.kind === 'id' ? `object id ${user.value}` : user.value;
}

/**
 * Looks an import's distinct users up in the directory (Graph `$batch`), batch by batch, as a dry
 * run does: who is unknown, who would be excluded, and who is named twice (once by object id, once
 * by UPN), which only the directory can tell.
 */
export class CsvDirectoryLookup {
  readonly result: CsvDirectoryCheck;
  private readonly unresolved: Listing<CsvLineError>;

  constructor(
    private readonly graph: Client,
    private readonly store: CsvRowStore,
    private readonly importId: string,
    private readonly excludedIds: ReadonlySet<string>,
    maxListed: number,
  ) {
    this.unresolved = new Listing(maxListed);
    this.result = {
      checked: 0,
      found: 0,
      excluded: 0,
      unresolved: this.unresolved.items,
      unresolvedNotListed: 0,
    };
  }

  /** Checks rows new to the import; returns those whose user an earlier row already named. */
  async check(rows: readonly CsvWaveRow[]): Promise<CsvDuplicateLine[]> {
    if (!rows.length) return [];
    const results = await readUsersBatch(
      this.graph,
      rows.map((row) => row.user.value),
    );
    const found: Array<{ row: CsvWaveRow; user: DirectoryUser }> = [];
    for (const row of rows) {
      this.result.checked++;
      const result = results.get(row.user.value) as UserLookupResult;
      if (result instanceof UserLookupError) {
        this.unresolved.add({
          line: row.line,
          message: `${userText(row.user)}: ${describeLookupFailure(result)}`,
        });
      } else found.push({ row, user: result });
    }
    if (!found.length) return [];
    const firstLines = await this.store.addDirectoryIds(
      this.importId,
      found.map(({ row, user }) => ({ line: row.line, userId: user.id })),
    );
    const duplicates: CsvDuplicateLine[] = [];
    found.forEach(({ row, user }, index) => {
      const firstLine = firstLines[index];
      if (firstLine) {
        duplicates.push({ line: row.line, firstLine });
        return;
      }
      this.result.found++;
      if (user.accountEnabled === false || this.excludedIds.has(user.id.toLowerCase()))
        this.result.excluded++;
    });
    return duplicates;
  }

  /** The report's part, once every batch was checked. */
  finish(): CsvDirectoryCheck {
    this.result.unresolvedNotListed = this.unresolved.notListed;
    return this.result;
  }
}
