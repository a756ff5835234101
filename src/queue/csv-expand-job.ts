import { z } from 'zod';
import { CSV_DEFAULT_CHUNK } from '../app/expand-csv-rows';
import { expandWaveJob } from './job-schemas';

/** Job data of a CSV wave's expansion: the group fields plus where the stored rows resume. */
export const csvExpandJob = expandWaveJob.extend({
  /** Stored rows already expanded: a resumed job starts at this index of the list. */
  csvOffset: z.number().int().min(0).default(0),
  chunkSize: z.number().int().min(1).max(5000).default(CSV_DEFAULT_CHUNK),
});
export type CsvExpandJob = z.infer<typeof csvExpandJob>;
