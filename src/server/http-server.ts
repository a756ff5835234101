import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';
import restify from 'restify';
import type { Logger } from '../logger';

export interface HttpServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  redis: Redis;
  logger: Logger;
  metrics?: Registry;
}

/**
 * restify behind a thin layer: the Bot Framework endpoint plus the probes an operator needs.
 * Handlers are async (restify 11+ requirement).
 */
export function createHttpServer(deps: HttpServerDeps): restify.Server {
  const server = restify.createServer({ name: 'mfa-rollout-bot' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));
  const registry = deps.metrics ?? new Registry();
  if (!deps.metrics) collectDefaultMetrics({ register: registry });

  server.post('/api/messages', async (req, res) => {
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    try {
      await deps.redis.ping();
      res.send(200, { status: 'ready' });
    } catch {
      res.send(503, { status: 'redis unavailable' });
    }
  });
  server.get('/metrics', async (_req, res) => {
    const body = await registry.metrics();
    res.setHeader('content-type', registry.contentType);
    res.sendRaw(200, body);
  });
  return server;
}

export function listen(server: restify.Server, port: number, host = '0.0.0.0'): Promise<number> {
  return new Promise((resolve) => {
    server.listen(port, host, () => resolve(server.address().port));
  });
}
