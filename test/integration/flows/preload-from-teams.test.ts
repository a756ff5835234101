import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getPreloadRun } from '../../../src/app/preload-run';
import { reportPreloadProgress } from '../../../src/app/report-preload-progress';
import { SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { signActionToken, signPreloadToken, signWaveStartToken } from '../../../src/rollout/action-token';
import { chatOf, click, said } from '../../support/chat';
import { fileConsentAnswer, fileMessage, imageMessage } from '../../support/files';
import {
  cardActions,
  cardText,
  eventually,
  personalMessage,
  type Stack,
  startStack,
  type TeamsUser,
} from '../../support/stack';

/**
 * The phone preload from Teams, through restify + CloudAdapter + the connector simulator (which
 * holds the sent file and the uploaded report) + the Graph simulator + Redis + BullMQ: an admin
 * sends a CSV, reads the dry run, takes the report as a file, clicks Apply and watches the same
 * card turn into progress and then the result.
 */
const adele: TeamsUser = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };
const diego: TeamsUser = { aadObjectId: SAMPLE_USERS.diego, name: 'Diego Siciliani' };

const FILE = [
  'userPrincipalName,mobile',
  'DiegoS@contoso.onmicrosoft.com,+34 600 000 103', // 2: add
  'AdeleV@contoso.onmicrosoft.com,+45 20123456', // 3: unchanged
  'AlexW@contoso.onmicrosoft.com,+1 425 555 0199', // 4: different number, kept
  'nobody@contoso.onmicrosoft.com,+45 20123499', // 5: unknown user
  'LenaF@contoso.onmicrosoft.com,12', // 6: invalid number (DE)
].join('\n');

/** The newest message in the user's chat whose text matches, after position `since`. */
function newest(stack: Stack, user: TeamsUser, since: number, pattern: RegExp) {
  return chatOf(stack, user)
    .slice(since)
    .filter((activity) => pattern.test(said(activity)))
    .at(-1);
}

/** Waits for the dry-run card and the report offer after it (the dry run runs after the turn). */
async function dryRunCards(stack: Stack, user: TeamsUser, since: number) {
  return eventually(
    () => {
      const after = chatOf(stack, user).slice(since);
      const card = after.filter((activity) => /Phone preload: dry run/.test(said(activity))).at(-1);
      const consent = after
        .flatMap((activity) => (activity.attachments ?? []) as Array<Record<string, unknown>>)
        .find((attachment) => attachment.contentType === 'application/vnd.microsoft.teams.card.file.consent');
      return card && consent ? { card, consent } : undefined;
    },
    20_000,
    'the dry-run card and the report offer',
  );
}

/** Sends a file as the user; returns the position in the chat before it, and the hosted file. */
async function send(stack: Stack, user: TeamsUser, name: string, content: string | Buffer) {
  const since = chatOf(stack, user).length;
  const { activity, hosted } = fileMessage(stack, user, { name, content });
  const response = await stack.post(activity);
  assert.equal(response.status, 200);
  return { since, hosted };
}

describe('phone preload from a CSV sent in Teams (restify + CloudAdapter + both simulators + Redis + BullMQ)', () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ env: { PRELOAD_MAX_FILE_BYTES: '2000' } });
  });
  after(() => stack.close());

  it('an admin sends the CSV: dry-run card, the report as a file, Apply, progress in place, the result', async () => {
    const { since, hosted } = await send(stack, adele, 'phones.csv', FILE);
    assert.equal(stack.connector.downloads(hosted.uniqueId), 1, 'downloaded once, at once');

    // Said at once; the dry run follows: counts, the first problems by line, and Apply. Nothing written yet.
    assert.match(said(chatOf(stack, adele)[since]!), /Reading phones\.csv/);
    const { card, consent } = await dryRunCards(stack, adele, since);
    const text = said(card);
    assert.match(text, /Phone preload: dry run/);
    assert.match(text, /Will add\n[A-Za-z\n]*1\n/);
    assert.match(text, /Line 5 · nobody@contoso\.onmicrosoft\.com · Unknown user/);
    assert.match(
      text,
      /Line 6 · LenaF@contoso\.onmicrosoft\.com · Invalid number: too short \(read for DE\)/,
    );
    assert.match(text, /Line 4 · AlexW@contoso\.onmicrosoft\.com · Different number on file \(kept\)/);
    assert.doesNotMatch(text, /600 ?000 ?103|20123456|4255550199/, 'no number on the card');
    const apply = cardActions(card.attachments).find((action) => action.verb === 'preload.apply');
    assert.ok(apply, 'an Apply button');
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile'), undefined);

    // The full report comes as a file: consent card → accept → upload → file card.
    assert.equal(consent.name, 'phones-preload-report.csv');
    const accepted = fileConsentAnswer(stack, adele, consent as never, 'accept');
    assert.equal((await stack.post(accepted.activity)).status, 200);
    const uploaded = await eventually(
      () =>
        stack.connector.uploaded(accepted.uploadInfo!.uniqueId)?.complete &&
        stack.connector.uploaded(accepted.uploadInfo!.uniqueId),
      20_000,
      'the report uploaded',
    );
    const report = uploaded!.content.toString('utf8');
    assert.match(report, /^5,nobody@contoso\.onmicrosoft\.com,unknown-user/m);
    assert.doesNotMatch(report, /600 ?000 ?103|20123499/, 'numbers masked in the report');
    const fileCard = await eventually(
      () =>
        chatOf(stack, adele)
          .flatMap((activity) => (activity.attachments ?? []) as Array<Record<string, unknown>>)
          .find((attachment) => attachment.contentType === 'application/vnd.microsoft.teams.card.file.info'),
      20_000,
      'the file card',
    );
    assert.equal(fileCard?.contentUrl, accepted.uploadInfo!.contentUrl);

    // Apply: the click's answer is the progress card; the job then updates the same message.
    const answer = await click(stack, adele, 'preload.apply', apply.data);
    assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(answer.value), /Phone preload: (applying|done)/);
    assert.deepEqual(cardActions(answer.value), [], 'Apply cannot be pressed twice');
    const final = await eventually(
      () => {
        const updated = chatOf(stack, adele).find((activity) => activity.activityId === card.activityId);
        return updated && /Phone preload: done/.test(said(updated)) ? updated : undefined;
      },
      20_000,
      'the card to show the result',
    );
    assert.ok(final.updateCount >= 1, 'updated in place');
    assert.match(said(final), /Added\n[A-Za-z\n]*1\n/);
    assert.match(said(final), /Kept \(different number\)/);
    assert.match(said(final), /Applied by Adele Vance\./);
    assert.equal(stack.graph.state.phoneOf(SAMPLE_USERS.diego, 'mobile')?.phoneNumber, '+34 600000103');

    // A second click (a stale copy of the card) changes nothing.
    const again = await click(stack, adele, 'preload.apply', apply.data);
    assert.match(JSON.stringify(again.value), /already been applied/);
  });

  it('shows the progress of a running apply on the same card, in place', async () => {
    const { since } = await send(stack, adele, 'phones.csv', FILE);
    const { card } = await dryRunCards(stack, adele, since);
    const apply = cardActions(card.attachments).find((action) => action.verb === 'preload.apply')!;
    const preloadId = JSON.parse(Buffer.from(String(apply.data.token).split('.')[0]!, 'base64url').toString())
      .s as string;
    const run = await getPreloadRun(stack.runtime.deps, preloadId);
    assert.deepEqual(run?.card, {
      conversationId: `a:chat-${adele.aadObjectId}`,
      activityId: card.activityId,
    });
    // What the apply job reports after a chunk, half way through.
    await reportPreloadProgress(stack.runtime.deps, {
      ...run!,
      status: 'applying',
      appliedBy: { id: adele.aadObjectId, name: 'Adele Vance' },
      processed: 1,
      outcomes: { ...run!.outcomes, added: 1 },
    });
    const updated = chatOf(stack, adele).find((activity) => activity.activityId === card.activityId)!;
    assert.match(said(updated), /Phone preload: applying/);
    assert.match(said(updated), new RegExp(`1 of ${run!.toApply} users done\\.`));
    assert.deepEqual(cardActions(updated.attachments), []);
  });

  it('uploads nothing when the report is declined, or asked for by a non-admin, or with a forged context', async () => {
    const { since } = await send(stack, adele, 'phones.csv', FILE);
    const { consent } = await dryRunCards(stack, adele, since);
    const declined = fileConsentAnswer(stack, adele, consent as never, 'decline');
    assert.equal((await stack.post(declined.activity)).status, 200);

    const byDiego = fileConsentAnswer(stack, diego, consent as never, 'accept');
    assert.equal((await stack.post(byDiego.activity)).status, 200);
    assert.equal(stack.connector.uploaded(byDiego.uploadInfo!.uniqueId)?.size, 0, 'nothing for a non-admin');

    const forged = fileConsentAnswer(
      stack,
      adele,
      { name: 'x.csv', content: { acceptContext: { token: 'e30.forged-signature' }, declineContext: {} } },
      'accept',
    );
    const before = chatOf(stack, adele).length;
    assert.equal((await stack.post(forged.activity)).status, 200);
    assert.equal(
      stack.connector.uploaded(forged.uploadInfo!.uniqueId)?.size,
      0,
      'nothing for a forged token',
    );
    assert.match(said(newest(stack, adele, before, /./)!), /Nothing was changed/);
  });

  it("says so when Teams' download link has expired", async () => {
    const since = chatOf(stack, adele).length;
    const { activity } = fileMessage(stack, adele, { name: 'phones.csv', content: FILE, ttlMs: 0 });
    assert.equal((await stack.post(activity)).status, 200);
    assert.match(said(newest(stack, adele, since, /./)!), /I could not download the file/);
  });

  it("refuses a non-admin's file without opening it", async () => {
    const { since, hosted } = await send(stack, diego, 'phones.csv', FILE);
    assert.match(said(newest(stack, diego, since, /./)!), /Only rollout admins can preload numbers/);
    assert.equal(stack.connector.downloads(hosted.uniqueId), 0, 'never downloaded');
    const audit = await stack.runtime.deps.audit.read({}, 100);
    assert.ok(
      audit.some((entry) => entry.action === 'preload-file-refused' && entry.actor === diego.aadObjectId),
    );
  });

  it('refuses another file type, a pasted picture, and a file over the cap (download stopped)', async () => {
    const xlsx = await send(stack, adele, 'phones.xlsx', 'PK\u0003\u0004');
    assert.match(said(newest(stack, adele, xlsx.since, /./)!), /Send the numbers as a CSV file/);
    assert.equal(stack.connector.downloads(xlsx.hosted.uniqueId), 0);

    const before = chatOf(stack, adele).length;
    assert.equal((await stack.post(imageMessage(stack, adele))).status, 200);
    assert.match(said(newest(stack, adele, before, /./)!), /Attach the CSV as a file/);

    const pasted = chatOf(stack, adele).length;
    assert.equal((await stack.post(personalMessage(stack, adele, FILE))).status, 200);
    assert.match(said(newest(stack, adele, pasted, /./)!), /Attach the CSV as a file/);

    const big = await send(stack, adele, 'big.csv', `userPrincipalName,mobile\n${'x'.repeat(3000)}`);
    assert.match(said(newest(stack, adele, big.since, /./)!), /larger than 2 kB/);
    assert.doesNotMatch(said(newest(stack, adele, big.since, /./)!), /Phone preload/);
  });

  it('says why a CSV cannot be read as a preload, after reading it', async () => {
    const { since } = await send(
      stack,
      adele,
      'people.csv',
      'userPrincipalName,department\nDiegoS@contoso.onmicrosoft.com,Sales',
    );
    await eventually(
      () =>
        chatOf(stack, adele)
          .slice(since)
          .some((activity) => /No column holds phone numbers/.test(said(activity))),
      20_000,
      'the reason the file cannot be read',
    );
  });

  it('answers a picture sent with a question as a question, not as a failed preload', async () => {
    const before = chatOf(stack, adele).length;
    assert.equal((await stack.post(imageMessage(stack, adele, 'what is mfa'))).status, 200);
    const answer = said(newest(stack, adele, before, /./)!);
    assert.doesNotMatch(answer, /Attach the CSV/);
  });

  it('refuses a forged token, a token of another purpose, and a non-admin click', async () => {
    const { since } = await send(stack, adele, 'phones.csv', FILE);
    const { card } = await dryRunCards(stack, adele, since);
    const apply = cardActions(card.attachments).find((action) => action.verb === 'preload.apply')!;
    const token = String(apply.data.token);
    const preloadId = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).s as string;
    const secret = stack.config.ACTION_TOKEN_SECRET;
    const exp = Math.floor(Date.now() / 1000) + 600;
    const refusedTokens = [
      signPreloadToken({ preloadId, exp }, 'another-secret-that-is-long-enough-123', 'preload-apply'),
      signPreloadToken({ preloadId, exp }, secret, 'preload-report'),
      signWaveStartToken({ requestId: preloadId, exp }, secret),
      signActionToken(
        { waveId: preloadId, userId: adele.aadObjectId, cardId: 'c', exp },
        secret,
        'awareness',
      ),
      signPreloadToken({ preloadId, exp: Math.floor(Date.now() / 1000) - 1 }, secret, 'preload-apply'),
    ];
    for (const forged of refusedTokens) {
      const answer = await click(stack, adele, 'preload.apply', { token: forged });
      assert.equal(answer.type, 'application/vnd.microsoft.activity.message', forged);
    }
    const notAdmin = await click(stack, diego, 'preload.apply', { token });
    assert.match(JSON.stringify(notAdmin.value), /Only a rollout admin can apply a phone preload/);
    const run = await getPreloadRun(stack.runtime.deps, preloadId);
    assert.equal(run?.status, 'previewed', 'nothing applied');
  });
});
