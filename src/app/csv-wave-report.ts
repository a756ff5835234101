import type { CsvWaveReport } from '../store/csv-rows';
import type { RolloutDeps } from './deps';

/** What the expansion made of a CSV wave's rows: how many, and which ones the directory did not know. */
export async function csvWaveReport(deps: RolloutDeps, waveId: string, limit = 100): Promise<CsvWaveReport> {
  return deps.csvRows.report(waveId, limit);
}
