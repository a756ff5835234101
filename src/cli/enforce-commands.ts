/**
 * `wave enforce`, `wave undo`, `wave override`: the enforcement use cases from the command line. The
 * CLI runs as an operator (who holds the bot's Redis and Graph settings), so its own Confirm needs
 * no admin lookup; four eyes still apply: above ENFORCE_APPROVAL_THRESHOLD it needs
 * `--approved-by <id of a second admin>`, checked as an admin through Graph, or it refuses.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AdminGuard } from '../app/admin-guard';
import { approveEnforcement, confirmEnforcement } from '../app/confirm-enforcement';
import { overrideEnforcementGate } from '../app/override-enforcement-gate';
import { previewEnforcement } from '../app/preview-enforcement';
import { undoEnforcement } from '../app/undo-enforcement';
import { gateText } from '../cards/enforcement-gate-text';
import type { EnforcementGate } from '../rollout/enforcement-gates';
import type { EnforcementPlan, PlanActor } from '../rollout/enforcement-plan';
import type { Runtime } from '../runtime';
import { CliFailure } from './failure';
import { table } from './tables';

export interface EnforceCommandInput {
  runtime: Runtime;
  waveId: string | undefined;
  operator: PlanActor;
  dryRun: boolean;
  yes: boolean;
  approvedBy: string | undefined;
  wait: boolean;
  json: boolean;
}

/** Names shown per list; the rest are counted. */
const NAMES_SHOWN = 20;

function needWave(waveId: string | undefined): string {
  if (!waveId) throw new CliFailure('which wave? npm run cli -- waves lists them');
  return waveId;
}

export function planText(plan: EnforcementPlan): string {
  const lines = [
    `plan ${plan.id} for wave ${plan.waveId} (mode ${plan.mode}, valid until ${plan.expiresAt.slice(0, 16).replace('T', ' ')} UTC)`,
    `${plan.toEnforce.length} to enforce, ${plan.held.length} held back`,
  ];
  if (plan.toEnforce.length) {
    lines.push('', 'TO ENFORCE');
    lines.push(
      table(
        ['', ''],
        plan.toEnforce
          .slice(0, NAMES_SHOWN)
          .map((user) => [`  ${user.displayName}`, user.override ? 'on an admin override' : '']),
      ).trim(),
    );
    if (plan.toEnforce.length > NAMES_SHOWN) lines.push(`  and ${plan.toEnforce.length - NAMES_SHOWN} more`);
  }
  const byGate = new Map<EnforcementGate, string[]>();
  for (const user of plan.held) byGate.set(user.gate, [...(byGate.get(user.gate) ?? []), user.displayName]);
  for (const [gate, names] of byGate) {
    lines.push('', `HELD BACK (${names.length}): ${gateText('en', gate)}`);
    lines.push(...names.slice(0, NAMES_SHOWN).map((name) => `  ${name}`));
    if (names.length > NAMES_SHOWN) lines.push(`  and ${names.length - NAMES_SHOWN} more`);
  }
  if (plan.needsSecondAdmin)
    lines.push('', 'more users than ENFORCE_APPROVAL_THRESHOLD: a second admin must approve');
  return lines.join('\n');
}

export async function waveEnforce(input: EnforceCommandInput): Promise<number> {
  const { runtime, operator } = input;
  const deps = runtime.deps;
  const preview = await previewEnforcement(deps, needWave(input.waveId), operator);
  if (!preview.ok) {
    const why = {
      'unknown-wave': `no wave with that id: ${input.waveId}`,
      'nothing-ready': 'nobody in this wave is ready to enforce',
      'mode-misconfigured': `enforcement is not configured: ${preview.detail ?? ''}`,
    }[preview.reason];
    throw new CliFailure(why);
  }
  const { plan } = preview;
  const say = (line: string, extra: object = {}) =>
    console.log(input.json ? JSON.stringify({ plan, ...extra }) : `${planText(plan)}\n\n${line}`);
  if (input.dryRun || !input.yes) {
    say(
      input.dryRun
        ? 'dry run: nothing was enforced'
        : `nothing enforced yet: run again with --yes to enforce these ${plan.toEnforce.length} users`,
      { started: false },
    );
    return 0;
  }
  if (!plan.toEnforce.length) {
    say('nothing to enforce', { started: false });
    return 0;
  }
  let approver: PlanActor | undefined;
  if (plan.needsSecondAdmin) {
    if (!input.approvedBy) {
      say('refused: over the threshold, add --approved-by <id of a second admin> (four eyes)', {
        started: false,
      });
      return 1;
    }
    approver = { id: input.approvedBy, name: input.approvedBy };
  }
  // The operator vouches for the confirm; a second admin is checked for what they are.
  const confirmed = await confirmEnforcement(deps, plan.id, operator, { isAdmin: async () => true });
  let result = confirmed;
  if (confirmed.status === 'awaiting-second-admin' && approver) {
    const guard = new AdminGuard(
      { adminUserIds: deps.config.ADMIN_USER_IDS, adminGroupId: deps.config.ADMIN_GROUP_ID },
      deps.graph,
    );
    result = await approveEnforcement(deps, plan.id, approver, { isAdmin: (id) => guard.isAdmin(id) });
  }
  if (result.status !== 'started') {
    say(`refused: ${result.status === 'refused' ? result.reason : result.status}`, {
      started: false,
      result,
    });
    return 1;
  }
  if (!input.json) console.log(`${planText(plan)}\n\nstarted: the bot's workers enforce the plan`);
  if (!input.wait) {
    if (input.json) console.log(JSON.stringify({ plan, started: true }));
    return 0;
  }
  for (;;) {
    const now = await deps.enforcement.get(plan.id);
    if (!input.json && now?.results) console.log(`progress: ${resultsText(now.results)}`);
    if (now?.status === 'done') {
      if (input.json) console.log(JSON.stringify({ plan: now, started: true }));
      else console.log(`done: ${resultsText(now.results ?? {})}`);
      return 0;
    }
    await sleep(2000);
  }
}

function resultsText(results: object): string {
  return Object.entries(results)
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(', ');
}

export async function waveUndo(input: {
  runtime: Runtime;
  waveId: string | undefined;
  operator: PlanActor;
  userId: string | undefined;
  json: boolean;
}): Promise<number> {
  const result = await undoEnforcement(input.runtime.deps, needWave(input.waveId), input.operator, {
    ...(input.userId ? { userId: input.userId } : {}),
  });
  if (!result.ok) {
    throw new CliFailure(
      result.reason === 'unknown-wave'
        ? `no wave with that id: ${input.waveId}`
        : `user ${input.userId} is not enforced in this wave`,
    );
  }
  console.log(
    input.json
      ? JSON.stringify(result.counts)
      : `undone: ${result.counts.restored} restored, ${result.counts.unrecorded} left as they were (nothing recorded), ${result.counts.failed} failed`,
  );
  return result.counts.failed ? 1 : 0;
}

export async function waveOverride(input: {
  runtime: Runtime;
  waveId: string | undefined;
  operator: PlanActor;
  userId: string | undefined;
  reason: string | undefined;
}): Promise<number> {
  if (!input.userId || !input.reason)
    throw new CliFailure('wave override needs --user <id> and --reason "…"');
  const result = await overrideEnforcementGate(
    input.runtime.deps,
    needWave(input.waveId),
    input.userId,
    input.operator,
    input.reason,
  );
  if (!result.ok) {
    throw new CliFailure(
      {
        'unknown-wave': `no wave with that id: ${input.waveId}`,
        'unknown-user': `user ${input.userId} is not in this wave`,
        'no-reason': 'an override needs a reason (--reason "…")',
        'never-enforced': 'refused: excluded and break-glass accounts are never enforced',
        'already-enforced': 'the user is enforced already',
      }[result.reason],
    );
  }
  console.log(`override recorded for ${input.userId}: the next wave enforce lists them`);
  return 0;
}
