import type { Client } from '@microsoft/microsoft-graph-client';
import {
  type GraphSimulator,
  type GraphSimulatorOptions,
  startGraphSimulator,
} from '../../src/dev/graph-sim';
import { createGraphClient, type GraphClientOptions, type GraphConfig } from '../../src/graph/client';
import type { WritePacer } from '../../src/graph/write-pacer';

export { SAMPLE_GROUPS, SAMPLE_USERS } from '../../src/dev/graph-sim';

/**
 * A Graph simulator on a free loopback port and the real Graph client pointed at it, for any test
 * that needs Graph. The reports throttle is off unless `registrationDetailsLimit` is given, so
 * tests that do not study throttling do not wait for it.
 *
 *   let graph: GraphTestContext;
 *   before(async () => { graph = await startGraphForTest(); });
 *   after(() => graph.close());
 */
export interface GraphTestContext {
  sim: GraphSimulator;
  client: Client;
  /** What createGraphClient was given; pass it on (with the rest of a Config) to code under test. */
  config: GraphConfig;
  /** Another client on the same simulator, e.g. one that does not retry. */
  newClient(options?: GraphClientOptions): Client;
  close(): Promise<void>;
}

export interface GraphTestOptions extends GraphSimulatorOptions {
  client?: GraphClientOptions;
}

export async function startGraphForTest(options: GraphTestOptions = {}): Promise<GraphTestContext> {
  const { client: clientOptions, ...simOptions } = options;
  const sim = await startGraphSimulator({ registrationDetailsLimit: false, ...simOptions });
  const config: GraphConfig = {
    GRAPH_BASE_URL: sim.url,
    GRAPH_TENANT_ID: '',
    GRAPH_CLIENT_ID: '',
    GRAPH_CLIENT_SECRET: '',
  };
  // No Retry-After means the SDK waits `delay` seconds plus jitter; keep that short in tests.
  const newClient = (overrides: GraphClientOptions = {}) =>
    createGraphClient(config, { retryDelaySeconds: 0, ...clientOptions, ...overrides });
  return { sim, client: newClient(), config, newClient, close: () => sim.close() };
}

/**
 * A WritePacer that never waits and remembers what it was asked, for tests that check how many
 * writes a writer takes; the fleet-wide one (src/store/identity-write-pacer.ts) has its own tests.
 */
export interface CountingPacer extends WritePacer {
  /** Each take(), in order. */
  readonly takes: number[];
  readonly total: number;
}

export function countingPacer(): CountingPacer {
  const takes: number[] = [];
  return {
    takes,
    get total() {
      return takes.reduce((sum, writes) => sum + writes, 0);
    },
    async take(writes: number) {
      takes.push(writes);
    },
  };
}
