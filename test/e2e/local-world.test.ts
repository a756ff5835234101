/**
 * Issue 8, item 7: the local world of `npm run dev` reaches every sample user. The Agents Playground
 * shows six people; the others are reached through the connector simulator behind the dev router
 * (TEAMS_SERVICE_URL), so a first wave shows no failure that only the local set-up causes: nobody
 * unreachable, no 5xx from the Playground ("message 500" in its log), no outreach job failing.
 * The real Playground runs (no browser needed); Redis is the test's, under its own prefix.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { whereAdminPostsGo } from '../../src/app/admin-posts';
import { startWave } from '../../src/app/start-wave';
import { writeToUserChat } from '../../src/app/user-chat';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../src/dev/graph-sim';
import { type LocalWorld, startLocalWorld } from '../../src/dev/local-world';
import { freePort } from '../../src/dev/playground/ports';
import { deleteKeys, randomPrefix, testRedisUrl } from '../support/redis';
import { eventually } from './support/playground-world';

const repoRoot = resolve(__dirname, '..', '..');
/** In the pilot group, not among the Playground's six people. */
const NESTOR = '0b4c2a1e-3d5f-4a60-8b71-000000000007';

describe('the local world reaches every sample user', () => {
  let world: LocalWorld | undefined;
  const prefix = randomPrefix('e2e-world');
  const cwd = mkdtempSync(join(tmpdir(), 'e2e-world-'));

  function current(): LocalWorld {
    if (!world) throw new Error('the local world did not start');
    return world;
  }

  before(
    async () => {
      copyFileSync(join(repoRoot, '.m365agentsplayground.yml'), join(cwd, '.m365agentsplayground.yml'));
      const botPort = await freePort();
      let playgroundPort = await freePort();
      while (playgroundPort === botPort) playgroundPort = await freePort();
      world = await startLocalWorld({
        botPort,
        playgroundPort,
        redisUrl: testRedisUrl(),
        playgroundCwd: cwd,
        env: {
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
          REDIS_PREFIX: prefix,
          // A send that fails is given up on quickly, so a failure shows within the test's time.
          DELIVERY_ATTEMPTS: '2',
          DELIVERY_RETRY_BASE_MS: '50',
        },
      });
    },
    { timeout: 120_000 },
  );
  after(async () => {
    await world?.stop();
    const redis = new Redis(testRedisUrl());
    await deleteKeys(redis, prefix);
    redis.disconnect();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('opens a chat with somebody the Playground does not know in the connector simulator, and one it shows in the Playground', {
    timeout: 60_000,
  }, async () => {
    const { runtime, connector, router, playground } = current();
    /** The user's 1:1 chat, opened the way every write to a user opens it. */
    const chatOf = async (userId: string) =>
      (await writeToUserChat(runtime.deps, { waveId: 'chat-check', userId }, async () => undefined))
        .reference;
    const nestor = await chatOf(NESTOR);
    assert.ok(nestor.conversation?.id, 'a conversation for Nestor');
    assert.equal(connector.transcript.conversation(nestor.conversation.id)?.aadObjectId, NESTOR);

    const alex = await chatOf(SAMPLE_USERS.alex);
    assert.ok(alex.conversation?.id);
    assert.equal(connector.transcript.conversation(alex.conversation.id), undefined, 'not in the simulator');
    assert.equal(router.stats[playground.connectorUrl]?.['201'], 1, 'created in the Playground');
    // Both references name the router, so a restart finds them by person, not by a Playground port.
    assert.equal(nestor.serviceUrl, runtime.deps.config.TEAMS_SERVICE_URL);
    assert.equal(alex.serviceUrl, runtime.deps.config.TEAMS_SERVICE_URL);
  });

  test('a wave on All Staff (Pilot and Finance within it) reaches everybody: nobody unreachable, no 5xx', {
    timeout: 120_000,
  }, async () => {
    const { runtime, router, connector } = current();
    const { deps } = runtime;
    const place = await whereAdminPostsGo(deps, { purpose: 'wave' });
    assert.equal(place?.kind, 'admin-channel', 'a wave started outside a chat goes to the admin channel');
    const wave = await startWave(deps, {
      groupId: SAMPLE_GROUPS.allStaff,
      name: 'All Staff',
      createdBy: { id: 'cli:test', name: 'test' },
      adminConversation: place?.reference,
    });
    const counts = await eventually(
      async () => {
        const found = await deps.repo.countByStatus(wave.id);
        const stored = await deps.repo.getWave(wave.id);
        return stored?.status === 'active' && found.targeted === 0 && found;
      },
      'every All Staff user to be sent a card or given up on',
      90_000,
      async () => JSON.stringify(await deps.repo.countByStatus(wave.id)),
    );
    assert.equal(counts.unreachable, 0, `nobody unreachable: ${JSON.stringify(counts)}`);
    // The break-glass account (EXCLUDED_USER_IDS of the local world) and the disabled one.
    assert.equal(counts.excluded, 2);
    assert.equal((await deps.repo.getUser(wave.id, SAMPLE_USERS.breakGlass))?.status, 'excluded');
    assert.equal(
      counts.notified + counts['no-phone'] + counts.excluded,
      (await deps.repo.getWave(wave.id))?.total,
    );

    const serverErrors = Object.entries(router.stats).flatMap(([backend, byStatus]) =>
      Object.entries(byStatus)
        .filter(([status]) => Number(status) >= 500)
        .map(([status, n]) => `${backend}: ${n}× ${status}`),
    );
    assert.deepEqual(serverErrors, [], 'no 5xx from the Playground or the simulator');
    // 54 of the 60 are not among the Playground's six people: the simulator has their chats.
    assert.ok(connector.stats.conversations >= 50, `${connector.stats.conversations} chats in the simulator`);
  });
});
