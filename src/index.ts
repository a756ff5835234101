import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { createRuntime } from './runtime';
import { createHttpServer, listen } from './server/http-server';
import { closeOnSignal } from './shutdown';

/** The bot process: HTTP endpoint, and (by default) the queue workers in the same process. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.REDIS_URL) {
    console.error('Invalid configuration: REDIS_URL is not set (npm run dev starts a private Redis for you)');
    process.exit(1);
  }
  const runtime = createRuntime(config, logger, config.REDIS_URL);
  if (config.WORKERS_IN_PROCESS) runtime.startWorkers();
  const server = createHttpServer({
    adapter: runtime.adapter,
    bot: runtime.bot,
    redis: runtime.redis,
    logger,
  });
  const port = await listen(server, config.PORT);
  logger.info({ port, workers: config.WORKERS_IN_PROCESS }, 'bot listening on /api/messages');
  closeOnSignal(async () => {
    logger.info('shutting down');
    server.close();
    await runtime.close();
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
