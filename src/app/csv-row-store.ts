import { CsvRowStore } from '../store/csv-rows';
import type { RolloutDeps } from './deps';

/** The CSV row store on the repositories' connection and key prefix. */
export function csvRowStore(deps: RolloutDeps): CsvRowStore {
  return new CsvRowStore(deps.redis, deps.config.REDIS_PREFIX);
}
