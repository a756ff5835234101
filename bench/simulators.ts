/**
 * The simulators for a benchmark, in a process of their own (as Teams and Graph are remote): the
 * pipeline's figures then measure the pipeline, and the simulators' clocks are not skewed by the
 * workers' event loop. Driven by bench/fanout.ts over IPC.
 */
import { personalConversationId, startConnectorSimulator, teamsUserId } from '../src/dev/connector-sim';
import { generatedUserId, generateTenant, startGraphSimulator } from '../src/dev/graph-sim';

export interface SimulatorRequest {
  users: number;
  limit: number;
  faultShare: number;
  /** Every user already has a 1:1 chat with the bot (a later wave): the simulator knows those chats. */
  returning?: { tenantId: string; botId: string };
}

export interface DeliverySummary {
  withCard: number;
  duplicates: number;
  /** CPU the simulators' process used since it started (ms, user + system). */
  cpuMs: number;
  stats: {
    requests: number;
    accepted: number;
    throttled429: number;
    acceptedByOperation: Record<string, number>;
    rejectedByReason: Record<string, number>;
  };
}

function cpuMsSinceStart(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

function faultProfile(share: number) {
  if (!share) return undefined;
  const each = share / 5;
  return {
    probabilities: { 429: each, 502: each, 503: each, 504: each, timeout: each },
    seed: 7,
    retryAfterSeconds: 1,
  };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as SimulatorRequest;
  const graph = await startGraphSimulator({
    tenant: generateTenant(request.users, { authenticatorShare: 0 }),
    registrationDetailsLimit: false,
  });
  const connector = await startConnectorSimulator({
    limits: { perTenantPerSecond: request.limit },
    transcript: { recordBodies: false, maxActivities: 1000 },
    random: faultProfile(request.faultShare),
    timeoutHoldMs: 3000,
  });
  if (request.returning) {
    const { tenantId, botId } = request.returning;
    for (let i = 0; i < request.users; i++) {
      const aadObjectId = generatedUserId(i);
      connector.transcript.ensureConversation({
        id: personalConversationId(tenantId, botId, aadObjectId),
        aadObjectId,
        userId: teamsUserId(tenantId, aadObjectId),
        tenantId,
        createdAt: Date.now(),
      });
    }
  }
  process.on('message', (message: { type: string }) => {
    if (message.type === 'cpu') process.send?.({ type: 'cpu', cpuMs: cpuMsSinceStart() });
    if (message.type === 'summary') {
      let withCard = 0;
      let duplicates = 0;
      for (let i = 0; i < request.users; i++) {
        const conversationId = connector.transcript.conversationIdFor(generatedUserId(i));
        const sent = conversationId
          ? (connector.transcript.conversation(conversationId)?.activityCount ?? 0)
          : 0;
        if (sent > 0) withCard += 1;
        duplicates += Math.max(0, sent - 1);
      }
      const { requests, accepted, throttled429, acceptedByOperation, rejectedByReason } = connector.stats;
      const summary: DeliverySummary = {
        withCard,
        duplicates,
        cpuMs: cpuMsSinceStart(),
        stats: { requests, accepted, throttled429, acceptedByOperation, rejectedByReason },
      };
      process.send?.({ type: 'summary', summary });
    }
    if (message.type === 'stop') {
      Promise.all([connector.close(), graph.close()]).finally(() => process.exit(0));
    }
  });
  process.send?.({ type: 'ready', graphUrl: graph.url, connectorUrl: connector.url });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
