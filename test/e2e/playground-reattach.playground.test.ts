/**
 * Walk finding 1, against the real Agents Playground: `npm run dev` is stopped and started again
 * (Redis kept) while Megan's Playground (`npm run dev -- --as megan`) keeps running. Without her
 * doing anything, the restarted world attaches her Playground again: the approval card for the
 * number Adele corrects reaches her page in the channel, and she approves it there. A reminder that
 * came due while the world was down reaches Adele in the world's own Playground, not the simulator.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { PhoneCorrections } from '../../src/app/correct-phone';
import { startWave } from '../../src/app/start-wave';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../src/dev/graph-sim';
import { type LocalWorld, startLocalWorld } from '../../src/dev/local-world';
import type { Playground } from '../../src/dev/playground/launch';
import { freePort } from '../../src/dev/playground/ports';
import { startSecondPlayground } from '../../src/dev/second-playground';
import { SWEEPS_JOBS } from '../../src/queue/job-names';
import { createQueues } from '../../src/queue/queues';
import { maskPhone } from '../../src/rollout/phone-mask';
import { chromiumSkipReason, openPlayground, type PlaygroundUi } from '../support/playground/browser';
import { deleteKeys, randomPrefix, testRedisUrl } from '../support/redis';
import { eventually, readText } from './support/playground-world';

const repoRoot = resolve(__dirname, '..', '..');
const skip = chromiumSkipReason();

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

describe('a restarted `npm run dev` next to a running second Playground (Chromium)', {
  skip: skip ?? false,
}, () => {
  const redisUrl = testRedisUrl();
  const prefix = randomPrefix('e2e-reattach');
  const cwd = mkdtempSync(join(tmpdir(), 'e2e-reattach-'));
  const meganCwd = mkdtempSync(join(tmpdir(), 'e2e-reattach-megan-'));
  /** The world's `.data/dev-playgrounds`: where Megan's Playground records itself. */
  const records = join(cwd, '.data', 'dev-playgrounds');
  let ports: { bot: number; playground: number; megan: number };
  let world: LocalWorld | undefined;
  let meganPlayground: Playground | undefined;
  let megan: PlaygroundUi | undefined;

  const startWorld = () =>
    startLocalWorld({
      botPort: ports.bot,
      playgroundPort: ports.playground,
      redisUrl,
      playgroundCwd: cwd,
      attachedPlaygroundsDir: records,
      env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', REDIS_PREFIX: prefix },
    });

  before(
    async () => {
      copyFileSync(join(repoRoot, '.m365agentsplayground.yml'), join(cwd, '.m365agentsplayground.yml'));
      const [bot, playground, meganPort] = await distinctFreePorts(3);
      ports = { bot: bot!, playground: playground!, megan: meganPort! };
      world = await startWorld();
      meganPlayground = await startSecondPlayground({
        botEndpoint: world.botEndpoint,
        person: 'megan',
        port: ports.megan,
        cwd: meganCwd,
        recordDir: records,
      });
      megan = await openPlayground(meganPlayground.url);
      await megan.openChat('IT Rollout - MFA Rollout');
    },
    { timeout: 240_000 },
  );
  after(async () => {
    await megan?.close().catch(() => undefined);
    await meganPlayground?.stop();
    await world?.stop();
    const redis = new Redis(redisUrl);
    try {
      await deleteKeys(redis, prefix);
    } finally {
      redis.disconnect();
    }
    rmSync(cwd, { recursive: true, force: true });
    rmSync(meganCwd, { recursive: true, force: true });
  });

  test('Megan gets the approval card after the restart and approves it; the reminder due meanwhile reaches Adele', {
    timeout: 300_000,
  }, async (t) => {
    if (!world || !megan || !meganPlayground) throw new Error('the Playgrounds did not start');
    try {
      const first = world;
      const wave = await startWave(first.runtime.deps, {
        groupId: SAMPLE_GROUPS.pilot,
        name: 'Pilot',
        createdBy: { id: SAMPLE_USERS.adele, name: 'Adele Vance' },
      });
      const before = await eventually(
        async () => {
          const record = await first.runtime.deps.repo.getUser(wave.id, SAMPLE_USERS.adele);
          return record?.status === 'notified' && record;
        },
        "Adele's card",
        60_000,
      );

      // Ctrl-C on `npm run dev` only; Megan's Playground keeps running.
      await first.stop();
      world = undefined;
      // The wave's first reminder comes due while nothing runs (BullMQ keeps it in Redis).
      const queueRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
      const queues = createQueues(queueRedis, `${prefix}-bull`);
      await queues.sweeps.add(SWEEPS_JOBS.waveReminder, { waveId: wave.id, n: 0 });
      await queues.close();
      queueRedis.disconnect();

      world = await startWorld();
      const second = world;
      assert.deepEqual(
        second.reattached.map((other) => [other.person, other.url]),
        [['megan', meganPlayground.url]],
        'attached again by itself',
      );
      const { deps } = second.runtime;

      // The reminder went to Adele's chat in the world's own Playground, as before the restart.
      const reminded = await eventually(
        async () => {
          const record = await deps.repo.getUser(wave.id, SAMPLE_USERS.adele);
          return record && record.reminders > 0 && record;
        },
        "Adele's reminder",
        60_000,
      );
      assert.equal(reminded.status, 'notified');
      assert.equal(reminded.conversationId, before.conversationId, 'in her Playground chat');
      assert.deepEqual(
        second.connector.transcript.activitiesFor(SAMPLE_USERS.adele),
        [],
        'nothing in the simulator',
      );
      assert.equal((await deps.refs.forUser(SAMPLE_USERS.adele))?.conversation?.id, before.conversationId);

      // Adele typed a new number and said yes to it (what her phone dialog hands on).
      const said: string[] = [];
      await new PhoneCorrections(deps).submit(
        {
          waveId: wave.id,
          userId: SAMPLE_USERS.adele,
          locale: 'en-US',
          graphNumber: '+45 20987654',
          masked: maskPhone('+45 20987654'),
        },
        async (text) => said.push(text),
      );
      assert.match(said.join('\n'), /The helpdesk checks every new number/);

      const approval = await megan.waitForCard('New mobile number to approve', { timeoutMs: 60_000 });
      assert.match(await readText(approval), /Adele Vance/);
      await megan.clickCardButton('Approve and save', approval);
      await megan.waitForCard('Approved by Megan Bowen');
      await eventually(
        async () => (await deps.repo.getUser(wave.id, SAMPLE_USERS.adele))?.status === 'ready',
        'Adele ready',
        30_000,
      );
      assert.equal(second.graph.state.phoneOf(SAMPLE_USERS.adele, 'mobile')?.phoneNumber, '+45 20987654');
      assert.deepEqual(megan.pageErrors, [], 'no uncaught errors on her page');
    } catch (error) {
      await megan
        .screenshot(join('test-results', 'playground', `${t.name.replace(/\W+/g, '-')}.png`))
        .catch(() => undefined);
      throw error;
    }
  });
});
