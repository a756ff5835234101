/**
 * Runs the Graph simulator on its own, for a bot or benchmark in another process:
 *   tsx src/dev/graph-sim/main.ts [--port 5080] [--tenant path.json | --generate 100000] [--no-throttle]
 * Point GRAPH_BASE_URL at the printed url; steer it over `/_sim/` (see control-routes.ts).
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../logger';
import { closeOnSignal } from '../../shutdown';
import { generateTenant } from './generate-tenant';
import { startGraphSimulator } from './server';
import { loadSampleTenant } from './tenant-schema';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5080' },
      host: { type: 'string', default: '127.0.0.1' },
      tenant: { type: 'string' },
      generate: { type: 'string' },
      'no-throttle': { type: 'boolean', default: false },
    },
  });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info', 'graph-sim');
  const tenant = values.generate ? generateTenant(Number(values.generate)) : loadSampleTenant(values.tenant);
  const sim = await startGraphSimulator({
    tenant,
    port: Number(values.port),
    host: values.host,
    ...(values['no-throttle'] ? { registrationDetailsLimit: false as const } : {}),
    logger,
  });
  logger.info(
    { url: sim.url, users: sim.state.userCount },
    'Graph simulator ready: GRAPH_BASE_URL=%s',
    sim.url,
  );
  closeOnSignal(() => sim.close());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
