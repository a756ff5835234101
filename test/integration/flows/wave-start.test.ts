import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { startCsvWave } from '../../../src/app/start-csv-wave';
import { startWave } from '../../../src/app/start-wave';
import type { TranscriptActivity } from '../../../src/dev/connector-sim';
import { SAMPLE_GROUPS, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { WaveStartRefusedError } from '../../../src/rollout/wave-start';
import { chatOf, said } from '../../support/chat';
import {
  cardActions,
  cardClick,
  cardText,
  eventually,
  personalMessage,
  type Stack,
  startStack,
  type TeamsUser,
} from '../../support/stack';

/**
 * Starting waves from the chat, as an admin does it: one active wave per user (a second start is
 * refused with the overlap, or leaves the overlap out when the admin says so), and the answers to
 * a group that does not exist, cannot be read or is empty, and to inputs out of bounds.
 */

const adele: TeamsUser = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const alex: TeamsUser = { aadObjectId: SAMPLE_USERS.alex, name: 'Alex Wilber' };
const adminChat = `a:chat-${adele.aadObjectId}`;
const joni = '0b4c2a1e-3d5f-4a60-8b71-000000000040';
const grady = '0b4c2a1e-3d5f-4a60-8b71-000000000041';
/** The pilot group nested, plus Joni and Grady. */
const PILOT_PLUS_TWO = '9a0e1b2c-2222-4222-8222-000000000001';
/** Holds only the (empty) enforcement group: no user members, transitively. */
const ONLY_AN_EMPTY_GROUP = '9a0e1b2c-2222-4222-8222-000000000002';
const AWARENESS = /sign-in is getting an extra step/;

/** Awareness cards sent to a user, known by their buttons whatever the language or the phone. */
function awarenessCards(stack: Stack, userId: string): number {
  return chatOf(stack, userId).filter((a) =>
    cardActions(a.attachments).some((action) => ['phone.confirm', 'phone.add'].includes(action.verb)),
  ).length;
}

let chats = 0;

/**
 * The admin writes, each time from a chat of its own (Teams' per-chat limits would otherwise pace
 * a quick series of commands); returns what the bot answered in the turn, and the chat.
 */
async function adminSays(
  stack: Stack,
  text: string,
  locale = 'en-US',
): Promise<{ replies: string[]; chat: string }> {
  const chat = `${adminChat}-${++chats}`;
  const response = await stack.post({ ...personalMessage(stack, adele, text, chat), locale });
  assert.equal(response.status, 200);
  const replies = stack.connector.transcript.activitiesIn(chat).map((a) => said(a));
  return { replies, chat };
}

/** What a click was answered: a card that replaces the clicked one, or a notice to the clicker only. */
function clickAnswer(response: { body: unknown }): string {
  const { value } = response.body as { value: unknown };
  return typeof value === 'string' ? value : cardText(value);
}

async function nextIn(stack: Stack, chat: string, pattern: RegExp): Promise<TranscriptActivity> {
  return eventually(
    () => stack.connector.transcript.activitiesIn(chat).find((a) => pattern.test(said(a))),
    20_000,
    `an answer matching ${pattern}`,
  );
}

async function waitActive(stack: Stack, waveId: string): Promise<void> {
  await eventually(
    async () => {
      const { repo } = stack.runtime.deps;
      const wave = await repo.getWave(waveId);
      return wave?.status === 'active' && (await repo.countByStatus(waveId)).targeted === 0;
    },
    30_000,
    `wave ${waveId} expanded and sent`,
  );
}

async function waitExpanded(stack: Stack, waveId: string): Promise<void> {
  await eventually(
    async () => {
      const { repo } = stack.runtime.deps;
      const wave = await repo.getWave(waveId);
      return wave?.announcedAt !== undefined && (await repo.countByStatus(waveId)).targeted === 0;
    },
    30_000,
    `wave ${waveId} expanded and sent`,
  );
}

describe('one active wave per user (chat)', () => {
  let stack: Stack;
  let pilotId: string;

  before(async () => {
    stack = await startStack();
    stack.graph.state.addGroup({ id: PILOT_PLUS_TWO, displayName: 'Pilot and two', members: [] });
    for (const member of [SAMPLE_GROUPS.pilot, joni, grady])
      stack.graph.state.addMember(PILOT_PLUS_TWO, member);
  });
  after(() => stack.close());

  it('starts the pilot, and Alex confirms: he is ready', async () => {
    const { chat } = await adminSays(stack, `wave start ${SAMPLE_GROUPS.pilot} Pilot`);
    await nextIn(stack, chat, /Wave Pilot is starting/);
    const [wave] = await stack.runtime.deps.repo.listWaves();
    pilotId = wave!.id;
    await waitActive(stack, pilotId);
    const card = chatOf(stack, alex.aadObjectId).find((a) => AWARENESS.test(cardText(a.attachments)))!;
    const confirm = cardActions(card.attachments).find((a) => a.verb === 'phone.confirm')!;
    await stack.post(cardClick(stack, alex, 'phone.confirm', confirm.data, card.activityId));
    await eventually(
      async () => (await stack.runtime.deps.repo.getUser(pilotId, alex.aadObjectId))?.status === 'ready',
      10_000,
      'Alex ready',
    );
  });

  it('refuses a second start of the same group, naming the wave, and creates nothing', async () => {
    const { chat } = await adminSays(stack, `wave start ${SAMPLE_GROUPS.pilot} Pilot again`);
    const answer = await nextIn(stack, chat, /are already in the active wave/);
    const text = cardText(answer.attachments);
    assert.match(text, /8 users are already in the active wave Pilot, 1 of them ready or enforced there\./);
    assert.match(text, /nobody to start a wave with\. Nothing was created\./);
    assert.deepEqual(cardActions(answer.attachments), [], 'nobody left: nothing to offer');
    assert.equal((await stack.runtime.deps.repo.listWaves()).length, 1);
  });

  let warning: TranscriptActivity;

  it('warns about a partly overlapping group, offers to start with the others, and creates nothing yet', async () => {
    const { chat } = await adminSays(stack, `wave start ${PILOT_PLUS_TWO} Wider`);
    warning = await nextIn(stack, chat, /Some users are already in an active wave/);
    const text = cardText(warning.attachments);
    assert.match(text, /8 users are already in the active wave Pilot, 1 of them ready or enforced there\./);
    assert.match(text, /add --include-overlap to the command/);
    const [start] = cardActions(warning.attachments);
    assert.equal(start?.verb, 'wave.startOthers');
    assert.equal(start?.title, 'Start with the 2 others');
    assert.equal((await stack.runtime.deps.repo.listWaves()).length, 1);
  });

  it('takes the button from an admin only, once: the new wave has only the others, each with one card', async () => {
    const start = cardActions(warning.attachments)[0]!;
    const click = (user: TeamsUser) =>
      stack.post({
        ...cardClick(stack, user, start.verb, start.data, warning.activityId),
        conversation: { id: warning.conversationId, conversationType: 'personal' },
      });

    assert.match(clickAnswer(await click(alex)), /Only MFA rollout admins can start a wave/);
    assert.equal((await stack.runtime.deps.repo.listWaves()).length, 1);

    // The warning becomes what was decided and by whom, with its numbers; the job answers below it.
    const decided = clickAnswer(await click(adele));
    assert.match(decided, /^Starting Wider with 2 users\n/);
    assert.match(
      decided,
      /Adele Vance chose to start the wave with the 2 users who are not in another active wave\./,
    );
    assert.match(
      decided,
      /8 users are already in the active wave Pilot, 1 of them ready or enforced there\./,
    );
    assert.doesNotMatch(decided, /Checking the group/);
    const started = await nextIn(stack, warning.conversationId, /Wave Wider is starting/);
    assert.match(
      cardText(started.attachments),
      /8 users are already in another active wave: they stay there and get no second card\./,
    );
    const wider = (await stack.runtime.deps.repo.listWaves()).find((w) => w.name === 'Wider')!;
    await waitActive(stack, wider.id);
    const done = await stack.runtime.deps.repo.getWave(wider.id);
    assert.equal(done?.total, 2);
    assert.equal(done?.leftOut, 8);
    for (const userId of [joni, grady]) {
      assert.ok(await stack.runtime.deps.repo.getUser(wider.id, userId), `${userId} is in the new wave`);
      await eventually(() => awarenessCards(stack, userId) === 1, 20_000, `${userId}'s card`);
    }
    for (const userId of stack.graph.state.transitiveUserIds(SAMPLE_GROUPS.pilot)) {
      assert.equal(await stack.runtime.deps.repo.getUser(wider.id, userId), undefined, `${userId} left out`);
      assert.ok(awarenessCards(stack, userId) <= 1, `${userId} got no second card`);
    }
    assert.equal(awarenessCards(stack, alex.aadObjectId), 1, 'ready Alex was not sent a card again');

    assert.match(clickAnswer(await click(adele)), /already used or has expired/);
    assert.equal((await stack.runtime.deps.repo.listWaves()).length, 2);
  });

  it("does not take the button's token for anything else, nor another card's token for the button", async () => {
    const warningToken = String(cardActions(warning.attachments)[0]!.data.token);
    const asConfirm = await stack.post(cardClick(stack, alex, 'phone.confirm', { token: warningToken }));
    assert.match(clickAnswer(asConfirm), /Nothing was changed/);
    const card = chatOf(stack, alex.aadObjectId).find((a) => AWARENESS.test(cardText(a.attachments)))!;
    const cardToken = cardActions(card.attachments).find((a) => a.verb === 'phone.confirm')!.data.token;
    const asStart = await stack.post(cardClick(stack, adele, 'wave.startOthers', { token: cardToken }));
    assert.match(clickAnswer(asStart), /Nothing was changed/);
    assert.equal((await stack.runtime.deps.repo.listWaves()).length, 2);
    const refusals = (await stack.runtime.deps.audit.read({}))
      .filter((entry) => entry.action === 'card-action-refused')
      .slice(-2);
    assert.deepEqual(
      refusals.map((entry) => entry.detail),
      ['bad-signature', 'bad-signature'],
    );
  });

  it('says which wave the ready or enforced users are in, wave by wave', async () => {
    const { chat } = await adminSays(stack, `wave start ${PILOT_PLUS_TWO} Again`);
    const text = cardText((await nextIn(stack, chat, /are already in the active wave/)).attachments);
    assert.match(
      text,
      /8 users are already in the active wave Pilot, 1 of them ready or enforced there\. 2 users are already in the active wave Wider\./,
    );
    assert.doesNotMatch(text, /of them is already ready or enforced/);
  });

  it('starts with the others at once when the admin writes --include-overlap', async () => {
    stack.graph.state.addMember(PILOT_PLUS_TWO, '0b4c2a1e-3d5f-4a60-8b71-000000000042');
    const { replies, chat } = await adminSays(stack, `wave start ${PILOT_PLUS_TWO} Third --include-overlap`);
    assert.match(replies.join('\n'), /Checking the group/);
    await nextIn(stack, chat, /Wave Third is starting/);
    const third = (await stack.runtime.deps.repo.listWaves()).find((w) => w.name === 'Third')!;
    await waitActive(stack, third.id);
    assert.equal((await stack.runtime.deps.repo.getWave(third.id))?.total, 1);
  });

  it('tells a user where they stand in their one active wave', async () => {
    const since = stack.connector.transcript.activitiesIn(`a:chat-${alex.aadObjectId}`).length;
    await stack.post(personalMessage(stack, alex, 'my status'));
    const [reply] = stack.connector.transcript
      .activitiesIn(`a:chat-${alex.aadObjectId}`)
      .slice(since)
      .map((a) => cardText(a.attachments));
    assert.match(reply!, /Pilot: Ready\./);
    assert.equal(reply!.match(/MFA is required from/g)?.length, 1);
  });
});

describe('one active wave per user (the start itself, as the CLI calls it)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('never puts a user in two waves when two starts of one group run at once', async () => {
    const { deps } = stack.runtime;
    const finance = stack.graph.state.transitiveUserIds(SAMPLE_GROUPS.finance);
    const [a, b] = await Promise.all(
      ['A', 'B'].map((name) =>
        startWave(deps, { groupId: SAMPLE_GROUPS.finance, name, createdBy: { id: 'cli', name: 'cli' } }),
      ),
    );
    // Whichever start lost every user to the other is closed as empty instead of announced.
    await waitExpanded(stack, a!.id);
    await waitExpanded(stack, b!.id);
    for (const wave of [await deps.repo.getWave(a!.id), await deps.repo.getWave(b!.id)]) {
      assert.equal(
        wave!.status,
        wave!.total === 0 ? 'closed' : 'active',
        `${wave!.name}: ${wave!.total} users`,
      );
    }
    const inA = new Set<string>();
    const inB = new Set<string>();
    for (const userId of finance) {
      if (await deps.repo.getUser(a!.id, userId)) inA.add(userId);
      if (await deps.repo.getUser(b!.id, userId)) inB.add(userId);
    }
    assert.equal(inA.size + inB.size, finance.length, 'everybody is in a wave');
    assert.deepEqual(
      [...inA].filter((userId) => inB.has(userId)),
      [],
      'nobody is in both',
    );
    for (const userId of finance)
      assert.ok(awarenessCards(stack, userId) <= 1, `${userId}: one card at most`);
    const leftOut = (await deps.repo.getWave(a!.id))!.leftOut! + (await deps.repo.getWave(b!.id))!.leftOut!;
    assert.equal(leftOut, finance.length);
  });

  it('refuses a start whose users are all in active waves, creating nothing, with or without the overlap', async () => {
    const { deps } = stack.runtime;
    const before = await deps.repo.listWaves();
    for (const includeOverlap of [false, true]) {
      await assert.rejects(
        startWave(deps, {
          groupId: SAMPLE_GROUPS.finance,
          includeOverlap,
          createdBy: { id: 'cli', name: 'cli' },
        }),
        (error: unknown) => error instanceof WaveStartRefusedError && error.refusal.kind === 'nobody-left',
      );
    }
    assert.equal((await deps.repo.listWaves()).length, before.length);
  });
});

describe('wave start: groups that cannot be used, and bounds (chat)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
    stack.graph.state.addGroup({
      id: ONLY_AN_EMPTY_GROUP,
      displayName: 'Only an empty group',
      members: [SAMPLE_GROUPS.enforcement],
    });
  });
  after(() => stack.close());

  async function refusalFor(text: string, locale = 'en-US'): Promise<string> {
    const { chat } = await adminSays(stack, text, locale);
    return said(await nextIn(stack, chat, /Nothing was created|Intet blev oprettet/));
  }

  it("says a group does not exist (Graph 404), in the admin's language", async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    assert.match(
      await refusalFor(`wave start ${unknown}`),
      /There is no group with the id 00000000-0000-4000-8000-000000000000 in Microsoft Entra ID/,
    );
    assert.match(
      await refusalFor(`wave start ${unknown}`, 'da-DK'),
      /Der findes ingen gruppe med id'et 00000000-0000-4000-8000-000000000000/,
    );
    const all = stack.connector.transcript
      .activitiesIn(adminChat)
      .map((a) => cardText(a.attachments) || a.text);
    assert.ok(!all.some((text) => /something went wrong/i.test(text ?? '')), 'no apology: nothing crashed');
  });

  it('says the app may not read a group (Graph 403)', async () => {
    stack.graph.faults.inject({ method: 'GET', path: `/groups/${SAMPLE_GROUPS.allStaff}$`, status: 403 });
    assert.match(
      await refusalFor(`wave start ${SAMPLE_GROUPS.allStaff}`),
      /does not let the app read the group .* GroupMember\.Read\.All/,
    );
    stack.graph.faults.inject({ method: 'GET', path: /transitiveMembers/, status: 403 });
    assert.match(
      await refusalFor(`wave start ${SAMPLE_GROUPS.allStaff}`),
      /does not let the app read the group/,
    );
  });

  it('says a group has no users, also when it only holds empty groups', async () => {
    assert.match(
      await refusalFor(`wave start ${SAMPLE_GROUPS.enforcement}`),
      /The group MFA Enforced \(CA\) has no user members, not even in nested groups/,
    );
    assert.match(
      await refusalFor(`wave start ${ONLY_AN_EMPTY_GROUP}`),
      /Only an empty group has no user members/,
    );
    assert.deepEqual(await stack.runtime.deps.repo.listWaves(), []);
  });

  it('refuses a wave name over 80 characters at once, saying how long it was', async () => {
    const { replies } = await adminSays(stack, `wave start ${SAMPLE_GROUPS.pilot} ${'x'.repeat(4950)}`);
    assert.match(replies.join('\n'), /The wave name can be at most 80 characters \(you gave 4,950\)\./);
    const { replies: danish } = await adminSays(
      stack,
      `wave start ${SAMPLE_GROUPS.pilot} ${'x'.repeat(81)}`,
      'da-DK',
    );
    assert.match(danish.join('\n'), /højst være på 80 tegn \(dit var på 81\)/);
    assert.match(
      (await adminSays(stack, `wave start ${SAMPLE_GROUPS.pilot} Pilot --deadline-days 0`)).replies.join(
        '\n',
      ),
      /whole number of days from 1 to 365 \(you gave 0\)/,
    );
    assert.deepEqual(await stack.runtime.deps.repo.listWaves(), []);
  });

  it('refuses a message of absurd length plainly', async () => {
    const { replies } = await adminSays(stack, `wave start ${SAMPLE_GROUPS.pilot} ${'y'.repeat(20_000)}`);
    assert.match(replies.join('\n'), /I read messages of up to 8,000 characters, and this one has 20,048\./);
    assert.deepEqual(await stack.runtime.deps.repo.listWaves(), []);
  });

  it('answers "no wave with that id" for an unknown id while waves exist', async () => {
    await startWave(stack.runtime.deps, {
      groupId: SAMPLE_GROUPS.pilot,
      name: 'Pilot',
      createdBy: { id: 'cli', name: 'cli' },
    });
    for (const id of ['20990101-nothing-000000', 'x'.repeat(500), 'no:such wave']) {
      const { replies } = await adminSays(stack, `wave status ${id}`);
      assert.match(replies.join('\n'), /There is no wave with that id\./, id);
    }
    assert.match((await adminSays(stack, 'wave status')).replies.join('\n'), /Pilot/);
  });
});

describe('one active wave per user (CSV waves)', () => {
  let stack: Stack;
  const createdBy = { id: 'cli', name: 'cli' };
  const csv = (fileName: string, ...rows: string[]) => ({
    stream: Readable.from([Buffer.from(['userPrincipalName,id', ...rows].join('\n'))]),
    fileName,
  });
  // Alex by UPN (another case than the directory's), Diego by object id: both in the first wave.
  const overlapping = () =>
    csv(
      'second.csv',
      'ALEXW@contoso.onmicrosoft.com,',
      `,${SAMPLE_USERS.diego}`,
      'SorenM@contoso.onmicrosoft.com,',
      'FrejaH@contoso.onmicrosoft.com,',
    );

  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('counts the overlap of a file while reading it, refuses it, and leaves nothing behind', async () => {
    const { deps } = stack.runtime;
    const first = await startCsvWave(deps, {
      ...csv(
        'first.csv',
        'AdeleV@contoso.onmicrosoft.com,',
        'AlexW@contoso.onmicrosoft.com,',
        `,${SAMPLE_USERS.diego}`,
      ),
      createdBy,
    });
    await waitActive(stack, first.wave!.id);

    const dry = await startCsvWave(deps, { ...overlapping(), createdBy, dryRun: true });
    assert.deepEqual(
      { overlapping: dry.report.overlap?.overlapping, waves: dry.report.overlap?.waves.map((w) => w.name) },
      { overlapping: 2, waves: ['first'] },
    );

    await assert.rejects(startCsvWave(deps, { ...overlapping(), createdBy }), (error: unknown) => {
      assert.ok(error instanceof WaveStartRefusedError && error.refusal.kind === 'overlap');
      assert.equal(error.refusal.overlap.targeted, 4);
      assert.equal(error.refusal.overlap.overlapping, 2);
      return true;
    });
    assert.equal((await deps.repo.listWaves()).length, 1);
    const leftovers = await stack.runtime.redis.keys(`${stack.config.REDIS_PREFIX}:wave:*csv-rows`);
    assert.equal(leftovers.length, 1, 'only the first wave keeps rows');
  });

  it('with the overlap included, adds only the others: one card each, none again for the first wave', async () => {
    const { deps } = stack.runtime;
    const { wave } = await startCsvWave(deps, { ...overlapping(), createdBy, includeOverlap: true });
    await waitActive(stack, wave!.id);
    const done = await deps.repo.getWave(wave!.id);
    assert.deepEqual([done?.total, done?.leftOut], [2, 2]);
    assert.equal(await deps.repo.getUser(wave!.id, SAMPLE_USERS.alex), undefined);
    for (const userId of [SAMPLE_USERS.alex, SAMPLE_USERS.diego])
      assert.equal(awarenessCards(stack, userId), 1, `${userId}: the first wave's card only`);
    for (const userId of ['0b4c2a1e-3d5f-4a60-8b71-000000000009', '0b4c2a1e-3d5f-4a60-8b71-000000000010'])
      await eventually(() => chatOf(stack, userId).length === 1, 20_000, `${userId}'s one card`);
  });

  it('shortens a long file name used as the wave name, and refuses a long typed name before reading', async () => {
    const { deps } = stack.runtime;
    const fileName = `${'Finance and Legal, Copenhagen office, second floor '.repeat(3)}.csv`;
    const { wave } = await startCsvWave(deps, {
      ...csv(fileName, 'JoniS@contoso.onmicrosoft.com,'),
      createdBy,
    });
    assert.equal([...wave!.name].length, 80);
    assert.ok(wave!.name.endsWith('…'));
    await assert.rejects(
      startCsvWave(deps, {
        ...csv('x.csv', 'GradyA@contoso.onmicrosoft.com,'),
        name: 'n'.repeat(81),
        createdBy,
      }),
      (error: unknown) => error instanceof WaveStartRefusedError && error.refusal.kind === 'name-too-long',
    );
  });
});
