/**
 * Runs the Graph simulator on its own, for a bot or benchmark in another process:
 *   tsx src/dev/graph-sim/main.ts [--port 5080] [--tenant path.json | --generate 100000] [--no-throttle] [--identity-writes N/SECONDS | --no-write-limit]
 * Point GRAPH_BASE_URL at the printed url; steer it over `/_sim/` (see control-routes.ts).
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../logger';
import { closeOnSignal } from '../../shutdown';
import { generateTenant } from './generate-tenant';
import type { RateLimit } from './limits';
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
      'identity-writes': { type: 'string' },
      'no-write-limit': { type: 'boolean', default: false },
    },
  });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info', 'graph-sim');
  const tenant = values.generate ? generateTenant(Number(values.generate)) : loadSampleTenant(values.tenant);
  const sim = await startGraphSimulator({
    tenant,
    port: Number(values.port),
    host: values.host,
    ...(values['no-throttle'] ? { registrationDetailsLimit: false as const } : {}),
    ...identityWriteOption(values['identity-writes'], values['no-write-limit']),
    logger,
  });
  logger.info(
    { url: sim.url, users: sim.state.userCount },
    'Graph simulator ready: GRAPH_BASE_URL=%s',
    sim.url,
  );
  closeOnSignal(() => sim.close());
}

/** `--identity-writes 300/15` scales Graph's 3,000 writes per 150 s down for a quick run. */
function identityWriteOption(
  value: string | undefined,
  off: boolean | undefined,
): { identityWriteLimit?: RateLimit | false } {
  if (off) return { identityWriteLimit: false };
  if (value === undefined) return {};
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value);
  if (!match) throw new Error('--identity-writes takes WRITES/SECONDS, e.g. 3000/150');
  return { identityWriteLimit: { requests: Number(match[1]), windowMs: Number(match[2]) * 1000 } };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
