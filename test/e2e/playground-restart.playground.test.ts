/**
 * Issue 8, item 1, against the real Agents Playground: `npm run dev` is stopped and started again
 * with Redis kept. The new Playground no longer knows the chats the old one created (its connector
 * answers 404 for them), yet every pilot user the Playground knows gets the wave's next reminder, in
 * a new chat, and nobody of them is unreachable. No browser: the Playground's connector is what the
 * bot talks to, and the bot's own records and audit say what the connector answered.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { startWave } from '../../src/app/start-wave';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../src/dev/graph-sim';
import { type LocalWorld, startLocalWorld } from '../../src/dev/local-world';
import { type Playground, startPlayground } from '../../src/dev/playground/launch';
import { freePort } from '../../src/dev/playground/ports';
import { SWEEPS_JOBS } from '../../src/queue/job-names';
import type { WaveUserRecord } from '../../src/rollout/user-state';
import { deleteKeys, randomPrefix, testRedisUrl } from '../support/redis';
import { eventually } from './support/playground-world';

const repoRoot = resolve(__dirname, '..', '..');

/** The pilot members who are users of the Playground's config (.m365agentsplayground.yml). */
const PLAYGROUND_PILOTS = {
  adele: SAMPLE_USERS.adele,
  alex: SAMPLE_USERS.alex,
  diego: SAMPLE_USERS.diego,
  isaiah: SAMPLE_USERS.isaiah,
  lidia: SAMPLE_USERS.lidia,
  megan: '0b4c2a1e-3d5f-4a60-8b71-000000000006',
};

describe('a restarted Agents Playground (Redis kept)', () => {
  const redisUrl = testRedisUrl();
  const prefix = randomPrefix('e2e-restart');
  const cwd = mkdtempSync(join(tmpdir(), 'e2e-restart-'));
  let world: LocalWorld | undefined;
  let restarted: Playground | undefined;

  before(
    async () => {
      copyFileSync(join(repoRoot, '.m365agentsplayground.yml'), join(cwd, '.m365agentsplayground.yml'));
      const botPort = await freePort();
      let playgroundPort = await freePort();
      while (playgroundPort === botPort) playgroundPort = await freePort();
      world = await startLocalWorld({
        botPort,
        playgroundPort,
        redisUrl,
        playgroundCwd: cwd,
        env: {
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
          REDIS_PREFIX: prefix,
          // The two pilot users the Playground does not know fail quickly instead of for minutes.
          DELIVERY_ATTEMPTS: '2',
          DELIVERY_RETRY_BASE_MS: '100',
        },
      });
    },
    { timeout: 120_000 },
  );
  after(async () => {
    await restarted?.stop();
    await world?.stop();
    const redis = new Redis(redisUrl);
    try {
      await deleteKeys(redis, prefix);
    } finally {
      redis.disconnect();
    }
    rmSync(cwd, { recursive: true, force: true });
  });

  function current(): LocalWorld {
    if (!world) throw new Error('the local world did not start');
    return world;
  }

  /** Starts a wave on the pilot group and waits until each Playground user's card went out (or failed). */
  async function pilotWave(name: string): Promise<{ waveId: string; records: Map<string, WaveUserRecord> }> {
    const { deps } = current().runtime;
    const wave = await startWave(deps, {
      groupId: SAMPLE_GROUPS.pilot,
      name,
      createdBy: { id: SAMPLE_USERS.adele, name: 'Adele Vance' },
    });
    const records = new Map<string, WaveUserRecord>();
    for (const [who, userId] of Object.entries(PLAYGROUND_PILOTS)) {
      const record = await eventually(
        async () => {
          const found = await deps.repo.getUser(wave.id, userId);
          return found && found.status !== 'targeted' ? found : undefined;
        },
        `${who}'s card in ${name}`,
        60_000,
        async () => JSON.stringify(await deps.repo.attempts(wave.id, userId)),
      );
      records.set(who, record);
    }
    return { waveId: wave.id, records };
  }

  test('every Playground user gets the reminder after the restart, in a new chat where needed; nobody is unreachable', {
    timeout: 240_000,
  }, async () => {
    const running = current();
    const { deps } = running.runtime;
    const wave = await pilotWave('Pilot');
    const chatsBefore = new Map<string, string | undefined>();
    for (const [who, record] of wave.records) {
      assert.ok(['notified', 'no-phone'].includes(record.status), `${who} before: ${record.status}`);
      chatsBefore.set(who, record.conversationId);
    }

    // Ctrl-C and `npm run dev` again, Redis kept: a new Playground on the same port.
    const { port } = running.playground;
    await running.playground.stop();
    restarted = await startPlayground({ botEndpoint: running.botEndpoint, port, cwd });

    // The wave's first reminder comes due (what the delayed job does two days after the cards).
    await running.runtime.queues.sweeps.add(SWEEPS_JOBS.waveReminder, { waveId: wave.waveId, n: 0 });
    for (const [who, userId] of Object.entries(PLAYGROUND_PILOTS)) {
      const record = await eventually(
        async () => {
          const found = await deps.repo.getUser(wave.waveId, userId);
          return found && (found.reminders > 0 || found.status === 'unreachable') ? found : undefined;
        },
        `${who}'s reminder after the restart`,
        60_000,
        async () => JSON.stringify(await deps.audit.read({ waveId: wave.waveId, userId })),
      );
      assert.ok(
        ['notified', 'no-phone'].includes(record.status) && record.reminders === 1,
        `${who} after the restart: ${record.status} ${record.reason ?? ''}, ${record.reminders} reminders`,
      );
      const recoveries = (await deps.audit.read({ waveId: wave.waveId, userId })).filter((e) =>
        e.action.startsWith('chat-recover'),
      );
      const chatNow = (await deps.refs.forUser(userId))?.conversation?.id;
      if (chatNow === chatsBefore.get(who)) {
        // The chat survived the restart (Adele's personal chat has a fixed id in the config).
        assert.deepEqual(recoveries, [], `${who}: nothing to recover`);
      } else {
        assert.deepEqual(
          recoveries.map((e) => e.action),
          ['chat-recovered'],
          `${who}: the stale chat was replaced once`,
        );
        assert.match(recoveries[0]?.detail ?? '', /stored chat answered 404/);
      }
    }
  });
});
