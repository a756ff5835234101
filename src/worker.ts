import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createRuntime } from './runtime';
import { closeOnSignal } from './shutdown';

/** Queue workers without the HTTP endpoint: run several of these beside the bot in production. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.REDIS_URL) throw new ConfigError('Invalid configuration: REDIS_URL is required for a worker');
  const logger = createLogger(config.LOG_LEVEL, 'mfa-rollout-worker');
  const runtime = createRuntime(config, logger, config.REDIS_URL);
  runtime.startWorkers();
  logger.info('workers started');
  closeOnSignal(() => runtime.close());
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
