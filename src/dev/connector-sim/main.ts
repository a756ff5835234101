/**
 * Runs the connector simulator on its own, for a bot or benchmark in another process:
 *   tsx src/dev/connector-sim/main.ts [--port 3979] [--tenant-rps 1000] [--no-limits] [--require-install]
 * It prints its serviceUrl; inspect and steer it over `/_sim/` (see control-routes.ts).
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../logger';
import { closeOnSignal } from '../../shutdown';
import { startConnectorSimulator } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3979' },
      'tenant-rps': { type: 'string' },
      'no-limits': { type: 'boolean', default: false },
      'require-install': { type: 'boolean', default: false },
      'latency-ms': { type: 'string' },
      'max-activities': { type: 'string' },
    },
  });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'info', 'connector-sim');
  const sim = await startConnectorSimulator({
    port: Number(values.port),
    limits: {
      enabled: !values['no-limits'],
      perTenantPerSecond: values['tenant-rps'] ? Number(values['tenant-rps']) : undefined,
    },
    requireInstall: values['require-install'],
    latencyMs: values['latency-ms'] ? Number(values['latency-ms']) : undefined,
    transcript: values['max-activities'] ? { maxActivities: Number(values['max-activities']) } : undefined,
    logger,
  });
  logger.info({ serviceUrl: sim.url }, 'connector simulator listening');
  closeOnSignal(() => sim.close());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
