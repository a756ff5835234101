/**
 * The CLI as a person (or a script) runs it: a child process (`node --import tsx src/cli.ts …`)
 * against the test's Redis and the Graph simulator. Tables for people, `--json` for scripts, "no
 * waves" when there are none, one line and exit 1 for anything that fails, the local world found
 * through `.data/dev-world.json`, and a wave started here announced and digested in Teams.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { WORLD_FILE_NAME, writeWorldFile } from '../../../src/cli/world-file';
import {
  type GraphSimulator,
  SAMPLE_GROUPS,
  SAMPLE_TENANT_ID,
  SAMPLE_USERS,
  startGraphSimulator,
} from '../../../src/dev/graph-sim';
import { freePort } from '../../../src/dev/playground/ports';
import { readWaveDigest } from '../../../src/store/wave-digest-reader';
import { deleteKeys, randomPrefix, testRedisUrl } from '../../support/redis';
import {
  cardActions,
  cardClick,
  cardText,
  eventually,
  personalMessage,
  type Stack,
  startStack,
} from '../../support/stack';

const repoRoot = resolve(__dirname, '..', '..', '..');
const TSX = pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = join(repoRoot, 'src', 'cli.ts');
const ADMIN_CHANNEL = '19:cli-admin-channel@thread.tacv2';
const ADMIN_CHANNEL_NAME = 'IT Rollout › MFA Rollout';
const GOOD_CSV = join(repoRoot, 'test', 'fixtures', 'csv', 'good.csv');
/** Megan Bowen, a pilot user. */
const MEGAN = '0b4c2a1e-3d5f-4a60-8b71-000000000006';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a shell with none of the bot's settings (REDIS_URL from scripts/test.ts removed). */
function bareEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'REDIS_URL',
    'REDIS_PREFIX',
    'GRAPH_BASE_URL',
    'LOG_LEVEL',
    'ADMIN_CHANNEL_ID',
    'ADMIN_CHANNEL_NAME',
  ])
    delete env[name];
  return env;
}

function runCli(args: string[], settings: Record<string, string>, cwd = repoRoot): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd,
      env: { ...bareEnv(), ...settings },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', fail);
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** Exactly one line on stderr, nothing on stdout, exit 1: how every failure looks. */
function assertOneLineFailure(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 1, `exit code 1: ${JSON.stringify(run)}`);
  assert.equal(run.stdout, '', 'nothing on stdout');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line, no stack trace: ${run.stderr}`);
  assert.match(lines[0]!, pattern);
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  return freePort();
}

describe('the CLI against Redis and the Graph simulator (child process)', () => {
  let graph: GraphSimulator;
  const prefix = randomPrefix('cli');
  let settings: Record<string, string>;
  let waveId: string;

  before(async () => {
    graph = await startGraphSimulator({ registrationDetailsLimit: false });
    settings = {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      GRAPH_BASE_URL: graph.url,
      TENANT_ID: SAMPLE_TENANT_ID,
      ADMIN_CHANNEL_ID: ADMIN_CHANNEL,
      ADMIN_CHANNEL_NAME,
    };
  });
  after(async () => {
    const redis = new Redis(testRedisUrl());
    await deleteKeys(redis, prefix);
    redis.disconnect();
    await graph.close();
  });

  it('prints the usage of a command given without what it needs, before connecting to anything', async () => {
    // No settings at all: nothing is reached for a usage.
    const wave = await runCli(['wave'], {});
    assert.equal(wave.code, 2, JSON.stringify(wave));
    assert.doesNotMatch(wave.stdout + wave.stderr, /unknown command/);
    assert.match(wave.stdout, /^Usage:\n {2}npm run cli -- wave start --group/);
    assert.match(wave.stdout, /npm run cli -- wave status \[<wave-id>\]/);
    assert.doesNotMatch(wave.stdout, /npm run cli -- waves/, 'only the wave commands');

    const start = await runCli(['wave', 'start', '--name', 'Pilot'], {});
    assert.equal(start.code, 2);
    assert.equal(start.stdout, '');
    assert.match(
      start.stderr,
      /^wave start needs --group <entra-group-id> or --csv <file>\nUsage:\n {2}npm run cli -- wave start/,
    );
    assert.doesNotMatch(start.stderr, /Redis/);
  });

  it('says "no waves" when there are none, in words and in JSON', async () => {
    const waves = await runCli(['waves'], settings);
    assert.deepEqual(waves, { code: 0, stdout: 'no waves\n', stderr: '' });
    assert.deepEqual(JSON.parse((await runCli(['waves', '--json'], settings)).stdout), []);
    assert.deepEqual(await runCli(['wave', 'status'], settings), {
      code: 0,
      stdout: 'no waves\n',
      stderr: '',
    });
    assert.equal(JSON.parse((await runCli(['wave', 'status', '--json'], settings)).stdout), null);
  });

  it('starts a wave and says where the bot will post it, and that nothing works on this Redis yet', async () => {
    const run = await runCli(['wave', 'start', '--group', SAMPLE_GROUPS.pilot, '--name', 'Pilot'], settings);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const created = /^wave (\S+) created \("Pilot"\), deadline \d{4}-\d\d-\d\d, in the environment/.exec(
      run.stdout,
    );
    assert.ok(created, run.stdout);
    waveId = created[1]!;
    assert.match(
      run.stdout,
      /announces it and posts its digest in the admin channel IT Rollout › MFA Rollout \(19:cli-admin-channel@thread\.tacv2\)$/m,
    );
    assert.match(run.stdout, /nothing works on this Redis right now/);

    const json = await runCli(['wave', 'start', '--group', SAMPLE_GROUPS.finance, '--json'], settings);
    assert.equal(json.code, 0, json.stderr);
    const started = JSON.parse(json.stdout);
    assert.equal(started.name, 'Finance');
    assert.deepEqual(started.adminPosts, { kind: 'admin-channel', conversationId: ADMIN_CHANNEL });
    assert.equal(started.workers, 0);
  });

  it('lists the waves as a table, and as JSON', async () => {
    const run = await runCli(['waves'], settings);
    assert.equal(run.code, 0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    assert.match(header!, /^WAVE ID\s+NAME\s+STATUS\s+USERS\s+DEADLINE\s+STARTED$/);
    assert.equal(rows.length, 2);
    assert.ok(
      rows.some((row) => row.startsWith(waveId) && /\bPilot\s+expanding\s+0\s+\d{4}-/.test(row)),
      run.stdout,
    );
    const json = JSON.parse((await runCli(['waves', '--json'], settings)).stdout) as {
      id: string;
      name: string;
    }[];
    assert.deepEqual(json.map((wave) => wave.name).sort(), ['Finance', 'Pilot']);
    assert.ok(!JSON.stringify(json).includes('adminConversation'), 'no conversation reference for scripts');
  });

  it('shows a wave as a table, or JSON; an unknown id is one line and exit 1', async () => {
    const run = await runCli(['wave', 'status', waveId], settings);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^WAVE\s+Pilot$/m);
    assert.match(run.stdout, /^source\s+Entra group MFA Pilot \(9a0e1b2c-1111-4111-8111-000000000001\)$/m);
    assert.match(
      run.stdout,
      /^admin posts\s+the admin channel IT Rollout › MFA Rollout \(19:cli-admin-channel@thread\.tacv2\)$/m,
    );
    assert.match(run.stdout, /^STATE\s+USERS$/m);
    assert.match(run.stdout, /^targeted\s+0$/m);
    const json = JSON.parse((await runCli(['wave', 'status', waveId, '--json'], settings)).stdout);
    assert.equal(json.id, waveId);
    assert.equal(json.counts.unreachable, 0);
    // The same place as the start said (wave start --json above).
    assert.deepEqual(json.adminPosts, { kind: 'admin-channel', conversationId: ADMIN_CHANNEL });

    assertOneLineFailure(
      await runCli(['wave', 'status', 'no-such-wave'], settings),
      /^no wave with that id: no-such-wave\b/,
    );
  });

  it('a dry run with --skip-invalid says how many users the file gives and the wave would get', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-dry-run-'));
    try {
      const file = join(dir, 'walk.csv');
      writeFileSync(
        file,
        'userPrincipalName\nSorenM@contoso.onmicrosoft.com\nnobody@contoso.onmicrosoft.com\nnot an email\nFrejaH@contoso.onmicrosoft.com\n',
      );
      const run = await runCli(['wave', 'start', '--csv', file, '--dry-run', '--skip-invalid'], settings);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^ {2}line 4: /m);
      assert.match(run.stdout, /^ {2}line 3: nobody@contoso\.onmicrosoft\.com/m);
      assert.equal(
        run.stdout.trimEnd().split('\n').at(-1),
        'dry run: the file would be accepted: 3 users; 1 malformed row left out (--skip-invalid). ' +
          'The wave would get 2 users (left out: 1 not in the directory). Nothing was created.',
      );
      const json = JSON.parse(
        (await runCli(['wave', 'start', '--csv', file, '--dry-run', '--skip-invalid', '--json'], settings))
          .stdout,
      );
      assert.deepEqual(
        [json.dryRunOutcome.start, json.dryRunOutcome.waveUsers, json.dryRunOutcome.notInDirectory],
        ['accepted', 2, 1],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns an unreachable Redis into one line and exit 1', async () => {
    const port = await closedPort();
    const run = await runCli(['waves'], { ...settings, REDIS_URL: `redis://127.0.0.1:${port}` });
    assertOneLineFailure(
      run,
      new RegExp(`^cannot reach Redis at redis://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`),
    );
  });

  it('turns an unreachable Graph into one line and exit 1, for a dry run and for a group', async () => {
    const port = await closedPort();
    const unreachable = { ...settings, GRAPH_BASE_URL: `http://127.0.0.1:${port}` };
    const where = new RegExp(
      `^cannot reach Microsoft Graph at http://127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`,
    );
    assertOneLineFailure(await runCli(['wave', 'start', '--csv', GOOD_CSV, '--dry-run'], unreachable), where);
    assertOneLineFailure(await runCli(['wave', 'start', '--group', SAMPLE_GROUPS.pilot], unreachable), where);
  });

  it('finds a running `npm run dev` through .data/dev-world.json when REDIS_URL is not set', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cli-world-'));
    try {
      const world = {
        pid: process.pid,
        startedAt: new Date().toISOString(),
        botEndpoint: 'http://127.0.0.1:3978/api/messages',
        playgroundUrl: 'http://localhost:56150',
        settings: { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, GRAPH_BASE_URL: graph.url },
      };
      mkdirSync(join(cwd, '.data'));
      assertOneLineFailure(
        await runCli(['waves'], {}, cwd),
        /^REDIS_URL is not set and no local world runs here: start `npm run dev`/,
      );

      writeWorldFile(join(cwd, WORLD_FILE_NAME), world);
      const found = await runCli(['waves'], {}, cwd);
      assert.equal(found.code, 0, found.stderr);
      assert.match(found.stdout, new RegExp(`^${waveId}\\s+Pilot\\b`, 'm'));

      const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      writeWorldFile(join(cwd, WORLD_FILE_NAME), { ...world, pid: Number(exited.stdout.toString()) });
      assertOneLineFailure(
        await runCli(['waves'], {}, cwd),
        /^REDIS_URL is not set, and the local world of \.data\/dev-world\.json has stopped/,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('a wave started from the CLI is announced and digested in Teams', () => {
  let stack: Stack;

  /** The bot's settings, for the CLI beside it. */
  function settingsOf(target: Stack): Record<string, string> {
    return {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: target.config.REDIS_PREFIX,
      GRAPH_BASE_URL: target.graph.url,
      TEAMS_SERVICE_URL: target.connector.url,
      TENANT_ID: SAMPLE_TENANT_ID,
      ADMIN_GROUP_ID: SAMPLE_GROUPS.admins,
      ...(target.config.ADMIN_CHANNEL_ID ? { ADMIN_CHANNEL_ID: target.config.ADMIN_CHANNEL_ID } : {}),
    };
  }

  before(async () => {
    stack = await startStack({
      // Megan is left out of every wave; the deployment writes its admin cards as en-US does.
      env: { ADMIN_CHANNEL_ID: ADMIN_CHANNEL, EXCLUDED_USER_IDS: MEGAN, WAVE_DEFAULT_LOCALE: 'en-US' },
    });
  });
  after(() => stack.close());

  let pilotId: string | undefined;

  it('in the admin channel, announcement first, then the digest when somebody is ready', async () => {
    const run = await runCli(
      ['wave', 'start', '--group', SAMPLE_GROUPS.pilot, '--name', 'Pilot'],
      settingsOf(stack),
    );
    assert.equal(run.code, 0, run.stderr);
    pilotId = /^wave (\S+) created/.exec(run.stdout)?.[1];
    assert.match(run.stdout, /posts its digest in the admin channel 19:cli-admin-channel@thread\.tacv2/);
    assert.doesNotMatch(run.stdout, /nothing works on this Redis/, 'the stack works on it');

    const channel = () => stack.connector.transcript.activitiesIn(ADMIN_CHANNEL);
    const announcement = await eventually(
      () => channel().find((a) => cardText(a.attachments).includes('New MFA rollout wave announced')),
      20_000,
      'the announcement in the admin channel',
    );
    // Counted as the digest counts it, started by the shell's user from the command line, and dated
    // the deployment's way (WAVE_DEFAULT_LOCALE), as the chat waves of an en-US admin are.
    const announced = cardText(announcement.attachments);
    assert.match(announced, /In this wave\n8 users, 1 excluded\n/);
    assert.match(announced, new RegExp(`Started by\\n${userInfo().username}, from the command line\\n`));
    assert.match(announced, /Deadline\n[A-Z][a-z]+ \d{1,2}, \d{4}\n/);
    const alexCard = await eventually(
      () =>
        stack.connector.transcript
          .activitiesFor(SAMPLE_USERS.alex)
          .find((a) => cardActions(a.attachments).some((action) => action.verb === 'phone.confirm')),
      20_000,
      "Alex's card",
    );
    const confirm = cardActions(alexCard.attachments).find((action) => action.verb === 'phone.confirm')!;
    await stack.post(
      cardClick(
        stack,
        { aadObjectId: SAMPLE_USERS.alex, name: 'Alex Wilber' },
        'phone.confirm',
        confirm.data,
      ),
    );
    const digest = await eventually(
      () =>
        channel().find(
          (a) =>
            /Alex Wilber/.test(cardText(a.attachments)) && /ready to enforce/i.test(cardText(a.attachments)),
        ),
      20_000,
      'the digest naming Alex in the admin channel',
    );
    assert.match(cardText(digest.attachments), /In this wave: 8 users, 1 excluded\./);
    assert.match(cardText(digest.attachments), /Microsoft stops those on February 1, 2027/);
  });

  it('`wave status` names who is ready and who needs attention, from the reader the digest uses', async () => {
    assert.ok(pilotId, 'the Pilot wave of the test before');
    const run = await runCli(['wave', 'status', pilotId], settingsOf(stack));
    assert.equal(run.code, 0, run.stderr);
    // Alex confirmed (the test before); Diego has no number on file (sample tenant).
    assert.match(run.stdout, /^READY TO ENFORCE$/m);
    assert.match(
      run.stdout,
      /^1 user with a phone only\n {2}Alex Wilber\s+AlexW@contoso\.onmicrosoft\.com$/m,
    );
    assert.match(run.stdout, /^NEEDS YOUR ATTENTION$/m);
    assert.match(
      run.stdout,
      /^1 user has no mobile number on file\n {2}Diego Siciliani\s+DiegoS@contoso\.onmicrosoft\.com$/m,
    );

    const json = JSON.parse((await runCli(['wave', 'status', pilotId, '--json'], settingsOf(stack))).stdout);
    const digest = await readWaveDigest(stack.runtime.deps, pilotId);
    assert.deepEqual(json.counts, digest.counts);
    assert.deepEqual(
      json.ready.readyPhoneOnly.users.map((user: { displayName: string }) => user.displayName),
      ['Alex Wilber'],
    );
    assert.deepEqual(json.attention.noPhone, {
      total: 1,
      users: [
        {
          id: SAMPLE_USERS.diego,
          displayName: 'Diego Siciliani',
          userPrincipalName: 'DiegoS@contoso.onmicrosoft.com',
        },
      ],
    });
    for (const [group, list] of Object.entries(json.attention) as Array<[string, { total: number }]>) {
      const read =
        group === 'pendingApproval'
          ? digest.awaitingApproval
          : digest.attention[
              (
                {
                  unreachable: 'unreachable',
                  noPhone: 'no-phone',
                  disputed: 'disputed',
                  unresponsive: 'unresponsive',
                } as const
              )[group as 'unreachable']
            ];
      assert.equal(list.total, read.total, group);
    }
  });
});

describe('a wave started from the CLI without an admin channel goes to the last admin chat', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('says so, and posts the announcement there', async () => {
    const adele = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
    assert.equal((await stack.post(personalMessage(stack, adele, 'waves'))).status, 200);
    const run = await runCli(['wave', 'start', '--group', SAMPLE_GROUPS.pilot, '--name', 'Pilot'], {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: stack.config.REDIS_PREFIX,
      GRAPH_BASE_URL: stack.graph.url,
      TEAMS_SERVICE_URL: stack.connector.url,
      TENANT_ID: SAMPLE_TENANT_ID,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /in Adele Vance's chat with the bot, where they last gave it a command \(a:chat-0b4c2a1e-3d5f-4a60-8b71-000000000001\)$/m,
    );
    await eventually(
      () =>
        stack.connector.transcript
          .activitiesIn(`a:chat-${SAMPLE_USERS.adele}`)
          .find((a) => cardText(a.attachments).includes('New MFA rollout wave announced')),
      20_000,
      "the announcement in Adele's chat",
    );
  });
});
