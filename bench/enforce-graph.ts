/**
 * The Graph simulator for bench/enforce.ts, in a process of its own (Graph is remote), with its
 * identity write limit on: 3,000 writes per window (150 s unless the bench scales it down). Answers
 * over IPC with what it saw: writes let through, 429s, the CA group's members.
 */
import { generateTenant, startGraphSimulator } from '../src/dev/graph-sim';

export interface EnforceGraphRequest {
  users: number;
  windowMs: number;
  groupId: string;
}

export interface EnforceGraphSummary {
  writesAdmitted: number;
  writes429: number;
  groupMembers: number;
  distinctGroupMembers: number;
  perUserEnforced: number;
  cpuMs: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as EnforceGraphRequest;
  const graph = await startGraphSimulator({
    tenant: generateTenant(request.users, { phoneShare: 1, malformedShare: 0, authenticatorShare: 0 }),
    registrationDetailsLimit: false,
    identityWriteLimit: { requests: 3000, windowMs: request.windowMs },
    requestLogCapacity: 1000,
  });
  graph.state.addGroup({ id: request.groupId, displayName: 'MFA Enforced (CA)', members: [] });
  process.on('message', (message: { type: string; userIds?: string[] }) => {
    if (message.type === 'summary') {
      const members = graph.state.directMemberIds(request.groupId);
      let perUserEnforced = 0;
      for (const { user } of graph.state.allUsers()) {
        if (graph.state.perUserMfaState(user.id) === 'enforced') perUserEnforced++;
      }
      const { user, system } = process.cpuUsage();
      const summary: EnforceGraphSummary = {
        writesAdmitted: graph.limits.identityWrites.admitted,
        writes429: graph.limits.identityWrites.refused,
        groupMembers: members.length,
        distinctGroupMembers: new Set(members).size,
        perUserEnforced,
        cpuMs: Math.round((user + system) / 1000),
      };
      process.send?.({ type: 'summary', summary });
    }
    if (message.type === 'stop') graph.close().finally(() => process.exit(0));
  });
  process.send?.({ type: 'ready', graphUrl: graph.url });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
