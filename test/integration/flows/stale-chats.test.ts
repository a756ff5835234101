import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Job } from 'bullmq';
import { startWave } from '../../../src/app/start-wave';
import { sweepRegistrations } from '../../../src/app/sweep-registrations';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { startWavePlanWorker } from '../../../src/queue/wave-plan-worker';
import type { Wave } from '../../../src/rollout/wave';
import {
  cardActions,
  cardClick,
  cardText,
  eventually,
  personalMessage,
  type Stack,
  type StackOptions,
  startStack,
} from '../../support/stack';

/**
 * A stored 1:1 chat goes stale while its user is fine: the app removed and added again, chats reset,
 * the local emulator restarted. The bot replaces it once per user per wave (install, new chat, send)
 * and only calls a user unreachable when that fails too, for the reason the new attempt gave.
 */
const lidia = SAMPLE_USERS.lidia;
const lidiaUser = { aadObjectId: lidia, name: 'Lidia Holloway' };

async function runWave(stack: Stack, name: string): Promise<Wave> {
  const { repo } = stack.runtime.deps;
  const wave = await startWave(stack.runtime.deps, {
    groupId: SAMPLE_GROUPS.pilot,
    name,
    createdBy: { id: 'cli', name: 'cli' },
  });
  await eventually(
    async () => (await repo.getWave(wave.id))?.status === 'active',
    30_000,
    `${name} expanded`,
  );
  await eventually(async () => (await repo.countByStatus(wave.id)).targeted === 0, 30_000, `${name} sent`);
  return wave;
}

const messagesIn = (stack: Stack, conversationId: string) =>
  stack.connector.transcript.activitiesIn(conversationId).filter((a) => a.type === 'message');

async function auditOf(stack: Stack, waveId: string, userId: string) {
  return stack.runtime.deps.audit.read({ waveId, userId });
}

async function actionsOf(stack: Stack, waveId: string, userId: string) {
  return (await auditOf(stack, waveId, userId)).map((entry) => entry.action);
}

/** The user wrote to the bot once: their chat is stored, as Teams' activity named it. */
async function wroteToTheBot(stack: Stack, userId: string): Promise<string> {
  const user = stack.graph.state.findUser(userId);
  await stack.post(
    personalMessage(stack, { aadObjectId: userId, name: user?.displayName ?? userId }, 'help'),
  );
  return eventually(
    async () => (await stack.runtime.deps.refs.forUser(userId))?.conversation?.id,
    5000,
    'chat stored',
  );
}

const lidiaWroteToTheBot = (stack: Stack) => wroteToTheBot(stack, lidia);

/** Install requests Graph saw for a user, by status. */
function installsOf(stack: Stack, userId: string): number[] {
  return stack.graph.requests
    .matching(new RegExp(`/users/${userId}/teamwork/installedApps$`))
    .filter((entry) => entry.method === 'POST')
    .map((entry) => entry.status);
}

describe('stale 1:1 chats', () => {
  let current: Stack | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const start = async (options?: StackOptions) => {
    current = await startStack(options);
    return current;
  };

  it('after Teams forgot every chat (a restart), each user of the next wave gets one card in a new chat, audited', async () => {
    const stack = await start({ connector: { requireInstall: true } });
    const { deps } = stack.runtime;
    const pilot = stack.graph.state.transitiveUserIds(SAMPLE_GROUPS.pilot);
    // Everybody talked to the bot before (their chats are stored), then Teams forgot every chat.
    const oldChats = new Map<string, string>();
    for (const userId of pilot) oldChats.set(userId, await wroteToTheBot(stack, userId));
    for (const chat of oldChats.values()) assert.equal(stack.connector.forgetConversation(chat), true);

    const wave = await runWave(stack, 'Pilot');

    const counts = await deps.repo.countByStatus(wave.id);
    assert.equal(counts.unreachable ?? 0, 0, 'nobody unreachable');
    const phones = pilot.flatMap((id) => stack.graph.state.phonesOf(id).map((p) => p.phoneNumber));
    for (const userId of pilot) {
      const oldChat = oldChats.get(userId)!;
      const newChat = stack.connector.transcript.conversationIdFor(userId);
      assert.ok(newChat && newChat !== oldChat, `${userId} has a new chat`);
      assert.equal(messagesIn(stack, newChat).length, 1, `${userId}: exactly one card in the new chat`);
      assert.equal(
        messagesIn(stack, oldChat).length,
        1,
        `${userId}: the old chat holds only the help answer`,
      );
      const record = await deps.repo.getUser(wave.id, userId);
      assert.ok(
        record?.status === 'notified' || record?.status === 'no-phone',
        `${userId} ${record?.status}`,
      );
      assert.equal(record.conversationId, newChat);
      assert.equal((await deps.refs.forUser(userId))?.conversation?.id, newChat, 'the new chat is stored');
      const recovered = (await auditOf(stack, wave.id, userId)).filter((e) => e.action === 'chat-recovered');
      assert.equal(recovered.length, 1, `${userId}: one recovery, audited`);
      assert.match(recovered[0]!.detail ?? '', /stored chat answered 404 ConversationNotFound/);
      assert.ok(await deps.chatRecoveries.recoveredAt(wave.id, userId));
    }
    assert.equal(
      stack.connector.transcript.rejections.filter((r) => r.status === 404).length,
      pilot.length,
      'each stale chat was tried once',
    );
    const audit = JSON.stringify(await deps.audit.read({ waveId: wave.id }));
    for (const phone of phones)
      assert.ok(!audit.includes(phone.replace(/\D/g, '').slice(-6)), 'no phone number');
  });

  it('a user who removed the app (403 not in roster) gets the app installed again and one card', async () => {
    const stack = await start({ connector: { requireInstall: true } });
    const { deps } = stack.runtime;
    const chat = await lidiaWroteToTheBot(stack);
    stack.removeAppFor(lidia);

    const wave = await runWave(stack, 'Pilot');

    const record = await deps.repo.getUser(wave.id, lidia);
    assert.equal(record?.status, 'notified');
    assert.deepEqual(installsOf(stack, lidia), [201], 'installed again');
    const refused = stack.connector.transcript.rejectionsFor(lidia);
    assert.deepEqual(
      refused.map((r) => [r.operation, r.status, r.code]),
      [['sendToConversation', 403, 'BotNotInConversationRoster']],
    );
    // Teams gives the same 1:1 chat back once the app is there again: the card lands in it.
    assert.equal(stack.connector.transcript.conversationIdFor(lidia), chat);
    assert.equal(messagesIn(stack, chat).length, 2, 'the help answer, then the card');
    const recovered = (await auditOf(stack, wave.id, lidia)).filter((e) => e.action === 'chat-recovered');
    assert.equal(recovered.length, 1);
    assert.match(recovered[0]!.detail ?? '', /403 BotNotInConversationRoster/);
    assert.deepEqual(
      (await deps.audit.read({ waveId: wave.id })).filter(
        (e) => e.action.startsWith('chat-recover') && e.userId !== lidia,
      ),
      [],
      'nobody else needed a recovery',
    );
  });

  it('a user who left the company (Graph 404 on the install) is unreachable: user-gone', async () => {
    const stack = await start({ startWorkers: false, connector: { requireInstall: true } });
    const { deps } = stack.runtime;
    await lidiaWroteToTheBot(stack);
    const planner = startWavePlanWorker(
      deps,
      stack.runtime.queues.wavePlan.opts.connection,
      `${stack.config.REDIS_PREFIX}-bull`,
    );
    const wave = await startWave(deps, {
      groupId: SAMPLE_GROUPS.pilot,
      createdBy: { id: 'cli', name: 'cli' },
    });
    await eventually(async () => (await deps.repo.getWave(wave.id))?.status === 'active', 30_000, 'expanded');
    await planner.close();
    // Before her card goes out, Lidia leaves: the directory deletes her and Teams forgets her.
    stack.graph.state.removeUser(lidia);
    stack.connector.faults.removeUser(lidia);
    stack.runtime.startWorkers();

    await eventually(
      async () => (await deps.repo.getUser(wave.id, lidia))?.status === 'unreachable',
      30_000,
      'Lidia unreachable',
    );
    assert.equal((await deps.repo.getUser(wave.id, lidia))?.reason, 'user-gone');
    assert.deepEqual(installsOf(stack, lidia), [404], 'the reason comes from the directory');
    const actions = await actionsOf(stack, wave.id, lidia);
    assert.ok(actions.includes('chat-recovery-failed'), actions.join());
    const failed = (await auditOf(stack, wave.id, lidia)).find((e) => e.action === 'chat-recovery-failed');
    assert.match(failed?.detail ?? '', /final user-gone/);
  });

  it('an app permission policy that refuses the install (Graph 403) makes the user unreachable: app-blocked', async () => {
    const stack = await start({ connector: { requireInstall: true } });
    const { deps } = stack.runtime;
    await lidiaWroteToTheBot(stack);
    stack.removeAppFor(lidia);
    stack.graph.state.setAppBlocked(lidia, stack.config.TEAMS_APP_ID);

    const wave = await runWave(stack, 'Pilot');

    const record = await deps.repo.getUser(wave.id, lidia);
    assert.equal(record?.status, 'unreachable');
    assert.equal(record?.reason, 'app-blocked');
    assert.deepEqual(installsOf(stack, lidia), [403]);
    const trail = await auditOf(stack, wave.id, lidia);
    assert.equal(trail.find((e) => e.action === 'delivery-failed')?.detail, 'app-blocked');
    assert.match(trail.find((e) => e.action === 'chat-recovery-failed')?.detail ?? '', /app-blocked/);
  });

  it('replaces a chat at most once per user per wave: a new chat that goes stale too ends it (unreachable, no loop)', async () => {
    const stack = await start({
      connector: { requireInstall: true },
      env: { DELIVERY_ATTEMPTS: '5', DELIVERY_RETRY_BASE_MS: '50' },
    });
    const { deps } = stack.runtime;
    const stale = await lidiaWroteToTheBot(stack);
    assert.equal(stack.connector.forgetConversation(stale), true);
    // The chat the recovery opens answers 404 as well, now and on the retry.
    stack.connector.faults.failNext(404, {
      match: { aadObjectId: lidia, operation: 'sendToConversation' },
      times: 2,
    });

    const wave = await runWave(stack, 'Pilot');

    const record = await deps.repo.getUser(wave.id, lidia);
    assert.equal(record?.status, 'unreachable');
    assert.equal(record?.reason, 'not-installed');
    assert.deepEqual(
      (await deps.repo.attempts(wave.id, lidia)).map((a) => [a.status, a.outcome]),
      [
        [404, 'transient'],
        [404, 'final'],
      ],
      'the new chat not answering is retried once, then final',
    );
    const pilot = stack.graph.state.transitiveUserIds(SAMPLE_GROUPS.pilot);
    assert.equal(
      stack.connector.stats.byOperation.createConversation,
      pilot.length,
      'one new chat each: the others never had one, Lidia got one in place of her stale chat',
    );
    const actions = (await actionsOf(stack, wave.id, lidia)).filter((a) => a.startsWith('chat-recover'));
    assert.deepEqual(actions, ['chat-recovery-failed', 'chat-recovery-refused']);
    assert.equal(installsOf(stack, lidia).length, 1, 'one install, one new chat');
  });

  it('reminders recover too (the reminder lands in a new chat), and only once in the wave', async () => {
    const stack = await start({ connector: { requireInstall: true } });
    const { deps } = stack.runtime;
    const wave = await runWave(stack, 'Pilot');
    const oldChat = stack.connector.transcript.conversationIdFor(lidia)!;
    const firstCard = messagesIn(stack, oldChat)[0]!;
    stack.connector.forgetConversation(oldChat);

    await (await sweepJob(stack, `wave-remind0__${wave.id}`)).promote();
    await eventually(
      async () => (await deps.repo.getUser(wave.id, lidia))?.reminders === 1,
      10_000,
      'Lidia reminded',
    );
    const newChat = stack.connector.transcript.conversationIdFor(lidia)!;
    assert.notEqual(newChat, oldChat);
    assert.equal(messagesIn(stack, newChat).length, 1, 'the reminder card, in the new chat');
    assert.equal(firstCard.updateCount, 0, 'no update to a message in a chat Teams forgot');
    assert.deepEqual(
      (await actionsOf(stack, wave.id, lidia)).filter((a) => a.startsWith('chat-recover')),
      ['chat-recovered'],
    );

    // The new chat goes stale as well: no second recovery in this wave.
    stack.connector.forgetConversation(newChat);
    await (await sweepJob(stack, `wave-remind1__${wave.id}`)).promote();
    const undeliverable = await eventually(
      async () => (await auditOf(stack, wave.id, lidia)).find((e) => e.action === 'reminder-undeliverable'),
      10_000,
      'second reminder undeliverable',
    );
    assert.equal(undeliverable.detail, 'not-installed');
    assert.deepEqual(
      (await actionsOf(stack, wave.id, lidia)).filter((a) => a.startsWith('chat-recover')),
      ['chat-recovered', 'chat-recovery-refused'],
    );
    assert.equal(stack.connector.transcript.conversationIdFor(lidia), undefined, 'no third chat');
  });

  it('what the helpdesk approval sends (the short final card) recovers too', async () => {
    const stack = await start({
      connector: { requireInstall: true },
      env: { PHONE_CORRECTION_POLICY: 'approval' },
    });
    const { deps } = stack.runtime;
    const adele = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
    const adminChat = `a:chat-${adele.aadObjectId}`;
    await stack.post(personalMessage(stack, adele, `wave start ${SAMPLE_GROUPS.pilot} Pilot`));
    // The chat command checks the group in the background, then creates the wave.
    const wave = await eventually(async () => (await deps.repo.listWaves())[0], 30_000, 'wave created');
    await eventually(async () => (await deps.repo.countByStatus(wave.id)).targeted === 0, 30_000, 'sent');
    // Lidia says the number is wrong and types another one, from the chat she writes in.
    const lidiaChat = `a:chat-${lidia}`;
    const card = messagesIn(stack, stack.connector.transcript.conversationIdFor(lidia)!)[0]!;
    const dispute = cardActions(card.attachments).find((a) => a.verb === 'phone.dispute')!;
    await stack.post(cardClick(stack, lidiaUser, 'phone.dispute', dispute.data));
    await stack.post(personalMessage(stack, lidiaUser, '06 12 34 56 99'));
    await eventually(
      () => saidIn(stack, lidiaChat).some((t) => /You typed/.test(t)),
      10_000,
      'asked to confirm',
    );
    await stack.post(personalMessage(stack, lidiaUser, 'yes'));
    const approval = await eventually(
      () =>
        messagesIn(stack, adminChat).find((a) =>
          cardText(a.attachments).includes('New mobile number to approve'),
        ),
      10_000,
      'approval card',
    );
    // Before the helpdesk decides, Teams forgets the chat Lidia wrote from.
    assert.equal(stack.connector.forgetConversation(lidiaChat), true);

    const approve = cardActions(approval.attachments).find((a) => a.verb === 'phone.approve')!;
    await stack.post(cardClick(stack, adele, 'phone.approve', approve.data));

    const newChat = stack.connector.transcript.conversationIdFor(lidia)!;
    await eventually(() => saidIn(stack, newChat).length === 1, 10_000, 'the final card in a new chat');
    const [final] = saidIn(stack, newChat);
    assert.match(final!, /The helpdesk approved your new number/);
    assert.doesNotMatch(final!, /Yes, that's my number/);
    await eventually(
      async () => (await deps.repo.getUser(wave.id, lidia))?.status === 'ready',
      10_000,
      'Lidia ready',
    );
    assert.deepEqual(
      (await actionsOf(stack, wave.id, lidia)).filter((a) => a.startsWith('chat-recover')),
      ['chat-recovered'],
    );
  });

  it('the thank-you after a registration recovers too: it comes as a new message in a new chat', async () => {
    const stack = await start({ connector: { requireInstall: true } });
    const { deps } = stack.runtime;
    const wave = await runWave(stack, 'Pilot');
    const oldChat = stack.connector.transcript.conversationIdFor(lidia)!;
    stack.connector.forgetConversation(oldChat);
    stack.graph.state.setRegisteredMethods(lidia, ['microsoftAuthenticatorPush']);

    assert.ok((await sweepRegistrations(deps)) >= 1);

    const thanks = await eventually(
      () => {
        const chat = stack.connector.transcript.conversationIdFor(lidia);
        return chat && chat !== oldChat ? messagesIn(stack, chat)[0] : undefined;
      },
      10_000,
      'thank-you in a new chat',
    );
    assert.match(cardText(thanks.attachments), /Merci/, 'in the language of the user (French)');
    assert.equal((await deps.repo.getUser(wave.id, lidia))?.status, 'ready');
    assert.deepEqual(
      (await actionsOf(stack, wave.id, lidia)).filter((a) => a.startsWith('chat-recover')),
      ['chat-recovered'],
    );
  });
});

/** Every text or card the bot put in a conversation, as one string each. */
const saidIn = (stack: Stack, conversationId: string) =>
  messagesIn(stack, conversationId).map((a) => `${a.text ?? ''}\n${cardText(a.attachments)}`);

async function sweepJob(stack: Stack, jobId: string): Promise<Job> {
  const job = await stack.runtime.queues.sweeps.getJob(jobId);
  assert.ok(job, `job ${jobId} exists`);
  return job;
}
