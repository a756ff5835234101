/**
 * The Graph simulator for bench/preload.ts, in a process of its own (Graph is remote): a generated
 * tenant with no phone methods yet, and Graph's identity write limit (3,000 per window). Answers
 * over IPC what the tenant ended with: writes let through and refused, users written more than
 * once, users whose number is not the one the file asked for.
 */
import { generatedUserId, generateTenant, startGraphSimulator } from '../src/dev/graph-sim';

export interface PreloadSimRequest {
  users: number;
  writesPerWindow: number;
  windowMs: number;
}

export interface PreloadSimSummary {
  admitted: number;
  throttled429: number;
  /** Phone method writes Graph accepted. */
  written: number;
  /** Users with more than one accepted write of their mobile (target 0). */
  doubleWrites: number;
  /** Users without the number the file gave them (target 0). */
  skipped: number;
  cpuMs: number;
}

/** The number the benchmark's file gives user `index`: a German mobile, unique per user. */
export function benchNumber(index: number): string {
  return `+49 1511${String(index).padStart(7, '0')}`;
}

const WRITE_PATH = /\/users\/([^/]+)\/authentication\/phoneMethods/;

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as PreloadSimRequest;
  const graph = await startGraphSimulator({
    tenant: generateTenant(request.users, { phoneShare: 0, malformedShare: 0, authenticatorShare: 0 }),
    registrationDetailsLimit: false,
    identityWriteLimit: { requests: request.writesPerWindow, windowMs: request.windowMs },
    // Every read and write of the run stays in the log: writes are counted per user from it.
    requestLogCapacity: request.users * 6 + 10_000,
  });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'summary') {
      const perUser = new Map<string, number>();
      let written = 0;
      for (const entry of graph.requests.entries) {
        if (entry.method === 'GET' || entry.status < 200 || entry.status >= 300) continue;
        const user = WRITE_PATH.exec(entry.path)?.[1];
        if (!user) continue;
        written++;
        perUser.set(user, (perUser.get(user) ?? 0) + 1);
      }
      let skipped = 0;
      for (let i = 0; i < request.users; i++) {
        if (graph.state.phoneOf(generatedUserId(i), 'mobile')?.phoneNumber !== benchNumber(i)) skipped++;
      }
      const { user, system } = process.cpuUsage();
      const summary: PreloadSimSummary = {
        admitted: graph.limits.identityWrites.admitted,
        throttled429: graph.limits.identityWrites.refused,
        written,
        doubleWrites: [...perUser.values()].filter((count) => count > 1).length,
        skipped,
        cpuMs: Math.round((user + system) / 1000),
      };
      process.send?.({ type: 'summary', summary });
    }
    if (message.type === 'stop') graph.close().finally(() => process.exit(0));
  });
  process.send?.({ type: 'ready', graphUrl: graph.url });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
