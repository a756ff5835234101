import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import { applyPreload } from '../../../src/app/apply-preload';
import { preloadReportCsv } from '../../../src/app/preload-report';
import { getPreloadRun, type PreloadRun } from '../../../src/app/preload-run';
import { type PreloadPreview, previewPreload } from '../../../src/app/preview-preload';
import { runPreloadApply } from '../../../src/app/run-preload-apply';
import { SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { newWaveUser } from '../../../src/rollout/user-state';
import type { Wave } from '../../../src/rollout/wave';
import { eventually, type Stack, startStack } from '../../support/stack';

/**
 * The phone preload end to end against the Graph simulator, real Redis and the real wave-plan
 * worker: dry run, apply, a second apply that changes nothing, a held number then overwrite, bad
 * rows with their line numbers, and a resume after a crash between a write and its record.
 */
const ADMIN = { id: SAMPLE_USERS.adele, name: 'Adele Vance' };
const NOT_ADMIN = { id: SAMPLE_USERS.diego, name: 'Diego Siciliani' };

const FILE = [
  'userPrincipalName,mobile,displayName',
  'DiegoS@contoso.onmicrosoft.com,+34 600 000 103,Diego', // 2: add
  'AdeleV@contoso.onmicrosoft.com,+45 20123456,Adele', // 3: unchanged
  'AlexW@contoso.onmicrosoft.com,+1 425 555 0199,Alex', // 4: change (held)
  'nobody@contoso.onmicrosoft.com,+45 20123499,Nobody', // 5: unknown user
  'diegos@contoso.onmicrosoft.com,+34 600 000 104,Diego again', // 6: duplicate of 2
  'breakglass@contoso.onmicrosoft.com,+45 20123498,Break glass', // 7: excluded
  'LenaF@contoso.onmicrosoft.com,12,Lena', // 8: invalid number (DE)
  'not-a-upn,+45 20123497,Broken', // 9: unreadable user
  'ChloeD@contoso.onmicrosoft.com,06 12 34 56 99,Chloe', // 10: add, national number in FR
].join('\n');

function csv(text = FILE) {
  return { kind: 'csv' as const, stream: Readable.from([Buffer.from(text)]), fileName: 'phones.csv' };
}

async function preview(stack: Stack, overwrite = false, text = FILE) {
  const result = await previewPreload(stack.runtime.deps, {
    source: csv(text),
    requestedBy: ADMIN,
    overwrite,
  });
  assert.ok(result.ok, JSON.stringify(result));
  return result as Extract<PreloadPreview, { ok: true }>;
}

async function done(stack: Stack, preloadId: string): Promise<PreloadRun> {
  return eventually(
    async () => {
      const run = await getPreloadRun(stack.runtime.deps, preloadId);
      return run?.status === 'done' ? run : undefined;
    },
    20_000,
    'the preload to be applied',
  );
}

function phoneWrites(stack: Stack) {
  return stack.graph.requests.matching(/\/authentication\/phoneMethods/).filter((r) => r.method !== 'GET');
}

describe('phone preload', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { EXCLUDED_USER_IDS: SAMPLE_USERS.breakGlass } });
  });
  after(async () => {
    await stack.close();
  });
  beforeEach(() => stack.graph.reset());

  it('dry run: counts each decision, lists the first problems with their lines, writes nothing', async () => {
    const result = await preview(stack);
    assert.deepEqual(result.counts, {
      add: 2,
      unchanged: 1,
      change: 1,
      overwrite: 0,
      'invalid-number': 1,
      'unknown-user': 2,
      'duplicate-row': 1,
      excluded: 1,
    });
    assert.equal(result.total, 9);
    assert.equal(result.toApply, 4);
    assert.deepEqual(
      result.problems.map((p) => [p.line, p.decision]),
      [
        [4, 'change'],
        [5, 'unknown-user'],
        [6, 'duplicate-row'],
        [7, 'excluded'],
        [8, 'invalid-number'],
        [9, 'unknown-user'],
      ],
    );
    const invalid = result.problems.find((p) => p.line === 8)!;
    assert.equal(invalid.problem, 'too-short');
    assert.equal(invalid.usageLocation, 'DE');
    assert.equal(result.problems.find((p) => p.line === 6)!.firstLine, 2);
    assert.deepEqual(phoneWrites(stack), []);
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile'), undefined);
    const run = await getPreloadRun(stack.runtime.deps, result.preloadId);
    assert.equal(run?.status, 'previewed');
  });

  it('the report CSV has every row by line, numbers masked only', async () => {
    const result = await preview(stack);
    const report = await preloadReportCsv(stack.runtime.deps, result.preloadId);
    assert.ok(report);
    const lines = report.trim().split('\r\n');
    assert.equal(lines[0], 'line,user,decision,mobile,alternateMobile,office,reason');
    assert.equal(lines.length, 10);
    assert.match(lines[1]!, /^2,DiegoS@contoso\.onmicrosoft\.com,add,'\+34 • •• •• •1 03,/);
    // A held number says what the user has now, masked.
    assert.match(
      report,
      /^4,AlexW@contoso\.onmicrosoft\.com,change,.*\(mobile now \+1 •• •• •• •1 01\)"?\r$/m,
    );
    assert.match(report, /^6,diegos@contoso\.onmicrosoft\.com,duplicate-row,.*\(2\)\r$/m);
    assert.match(
      report,
      /^8,LenaF@contoso\.onmicrosoft\.com,invalid-number,.*"Number too short \(mobile, DE\)"\r$/m,
    );
    // A line the CSV reader refused says why, in words that never repeat the cell.
    assert.match(
      report,
      /^9,,unknown-user,,,,"?Unknown user: userPrincipalName is not a valid user principal name/m,
    );
    assert.doesNotMatch(report, /600 ?000 ?103|612345699|20123499/);
  });

  it('apply: only an admin, once; adds the missing numbers, keeps the different one; a second apply changes nothing', async () => {
    const result = await preview(stack);
    assert.deepEqual(await applyPreload(stack.runtime.deps, result.preloadId, NOT_ADMIN), {
      ok: false,
      reason: 'not-admin',
    });
    assert.deepEqual(await applyPreload(stack.runtime.deps, 'pl-nope', ADMIN), {
      ok: false,
      reason: 'not-found',
    });
    assert.deepEqual(await applyPreload(stack.runtime.deps, result.preloadId, ADMIN), { ok: true });
    assert.deepEqual(await applyPreload(stack.runtime.deps, result.preloadId, ADMIN), {
      ok: false,
      reason: 'already-applied',
    });
    const run = await done(stack, result.preloadId);
    assert.equal(run.processed, 4);
    assert.deepEqual(run.outcomes, {
      added: 2,
      overwritten: 0,
      unchanged: 1,
      held: 1,
      'user-not-found': 0,
      failed: 0,
    });
    assert.equal(run.appliedBy?.id, ADMIN.id);
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber, '+34 600000103');
    const chloe = '0b4c2a1e-3d5f-4a60-8b71-000000000018';
    assert.equal(stack.graph.state.phoneOf(chloe, 'mobile')?.phoneNumber, '+33 612345699');
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.alex, 'mobile')?.phoneNumber, '+1 4255550101');
    assert.equal(phoneWrites(stack).length, 2);

    // The same file again: its dry run sees the numbers in place, its apply writes nothing.
    const again = await preview(stack);
    assert.equal(again.counts.add, 0);
    assert.equal(again.counts.unchanged, 3);
    stack.graph.requests.clear();
    assert.deepEqual(await applyPreload(stack.runtime.deps, again.preloadId, ADMIN), { ok: true });
    const second = await done(stack, again.preloadId);
    assert.equal(second.outcomes.unchanged, 3);
    assert.equal(second.outcomes.added, 0);
    assert.deepEqual(phoneWrites(stack), []);
  });

  it('a different existing number is held, then replaced with overwrite, audited per user', async () => {
    const held = await preview(stack);
    assert.equal(held.counts.change, 1);
    const result = await preview(stack, true);
    assert.equal(result.counts.change, 0);
    assert.equal(result.counts.overwrite, 1);
    assert.deepEqual(await applyPreload(stack.runtime.deps, result.preloadId, ADMIN), { ok: true });
    const run = await done(stack, result.preloadId);
    assert.equal(run.outcomes.overwritten, 1);
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.alex, 'mobile')?.phoneNumber, '+1 4255550199');
    const audit = await stack.runtime.deps.audit.read({ userId: SAMPLE_USERS.alex });
    const entry = audit.find((item) => item.action === 'phone-preload-overwrite');
    assert.ok(entry, 'the overwrite is audited');
    assert.equal(entry.to, 'mobile +1 •• •• •• •1 99');
    assert.doesNotMatch(JSON.stringify(audit), /4255550199/);
  });

  it('a number that changed after the dry run is not overwritten by the apply', async () => {
    const result = await preview(stack);
    assert.equal(result.counts.add, 2);
    stack.graph.state.setPhone(SAMPLE_USERS.diego, 'mobile', '+34 600000999');
    assert.deepEqual(await applyPreload(stack.runtime.deps, result.preloadId, ADMIN), { ok: true });
    const run = await done(stack, result.preloadId);
    assert.equal(run.outcomes.held, 2);
    assert.equal(run.outcomes.added, 1);
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber, '+34 600000999');
  });

  it("from the directory: each wave user's profile mobilePhone, read against their usageLocation", async () => {
    const deps = stack.runtime.deps;
    const now = new Date();
    const wave: Wave = {
      id: 'w-preload-dir',
      name: 'Preload',
      source: { kind: 'group', groupId: 'g' },
      status: 'active',
      createdBy: { id: ADMIN.id, name: ADMIN.name },
      createdAt: now.toISOString(),
      deadline: now.toISOString(),
      total: 3,
    };
    await deps.repo.saveWave(wave);
    const lena = '0b4c2a1e-3d5f-4a60-8b71-000000000014';
    const users = [
      { id: SAMPLE_USERS.diego, userPrincipalName: 'DiegoS@contoso.onmicrosoft.com', displayName: 'Diego' },
      { id: SAMPLE_USERS.adele, userPrincipalName: 'AdeleV@contoso.onmicrosoft.com', displayName: 'Adele' },
      { id: lena, userPrincipalName: 'LenaF@contoso.onmicrosoft.com', displayName: 'Lena' },
    ];
    await deps.repo.addUsers(
      wave.id,
      users.map((user) => newWaveUser(wave.id, user, now)),
    );
    stack.graph.state.findUser(SAMPLE_USERS.diego)!.mobilePhone = '600 000 103';
    stack.graph.state.findUser(SAMPLE_USERS.adele)!.mobilePhone = '+45 20 12 34 56';
    const result = await previewPreload(deps, {
      source: { kind: 'directory', waveId: wave.id },
      requestedBy: ADMIN,
      overwrite: false,
    });
    assert.ok(result.ok);
    assert.equal(result.total, 3);
    assert.equal(result.counts.add, 1);
    assert.equal(result.counts.unchanged, 1);
    // Lena has no mobilePhone in her profile.
    assert.equal(result.counts['invalid-number'], 1);
    assert.equal(result.problems[0]?.problem, 'empty');
    assert.deepEqual(await applyPreload(deps, result.preloadId, ADMIN), { ok: true });
    await done(stack, result.preloadId);
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber, '+34 600000103');
    const unknown = await previewPreload(deps, {
      source: { kind: 'directory', waveId: 'w-none' },
      requestedBy: ADMIN,
      overwrite: false,
    });
    assert.deepEqual(unknown, {
      ok: false,
      error: { reason: 'unknown-wave', messageKey: 'preload.report.error.unknown-wave' },
    });
  });

  it('a dry run older than a day can no longer be applied', async () => {
    const deps = stack.runtime.deps;
    const result = await preview(stack);
    const now = deps.now;
    deps.now = () => new Date(Date.now() + 25 * 3600 * 1000);
    try {
      assert.deepEqual(await applyPreload(deps, result.preloadId, ADMIN), { ok: false, reason: 'expired' });
    } finally {
      deps.now = now;
    }
    assert.equal((await getPreloadRun(deps, result.preloadId))?.status, 'previewed');
    assert.deepEqual(phoneWrites(stack), []);
  });

  it('refuses a file without a phone column, naming the reason', async () => {
    const result = await previewPreload(stack.runtime.deps, {
      source: csv('userPrincipalName,displayName\nAdeleV@contoso.onmicrosoft.com,Adele\n'),
      requestedBy: ADMIN,
      overwrite: false,
    });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.error.reason, 'no-phone-column');
    assert.equal(result.ok ? '' : result.error.messageKey, 'preload.report.error.no-phone-column');
  });
});

describe('phone preload after a crash', () => {
  let stack: Stack;

  before(async () => {
    // No worker: the test runs the apply itself, as a worker taking over a crashed job would.
    stack = await startStack({ startWorkers: false, env: { EXCLUDED_USER_IDS: SAMPLE_USERS.breakGlass } });
  });
  after(async () => {
    await stack.close();
  });

  it('a user written just before the crash is neither written again nor counted twice', async () => {
    stack.graph.reset();
    const deps = stack.runtime.deps;
    const result = await preview(stack);
    assert.deepEqual(await applyPreload(deps, result.preloadId, ADMIN), { ok: true });
    // The crashed worker had marked Diego, written his number, and died before recording it.
    await deps.preloads.markPending(result.preloadId, new Map([[SAMPLE_USERS.diego, 'added']]));
    stack.graph.state.setPhone(SAMPLE_USERS.diego, 'mobile', '+34 600000103');
    stack.graph.requests.clear();
    assert.equal(await runPreloadApply(deps, result.preloadId), 'done');
    const run = await getPreloadRun(deps, result.preloadId);
    assert.deepEqual(run?.outcomes, {
      added: 2,
      overwritten: 0,
      unchanged: 1,
      held: 1,
      'user-not-found': 0,
      failed: 0,
    });
    assert.equal(run?.processed, 4);
    // Only Chloe was written: Diego's number was already there.
    assert.equal(phoneWrites(stack).length, 1);
    // Running it once more (a duplicate job) does nothing.
    assert.equal(await runPreloadApply(deps, result.preloadId), 'done');
    assert.equal(phoneWrites(stack).length, 1);
  });
});
