import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { CsvImportReport } from '../../../src/app/csv-import-report';
import { csvWaveReport } from '../../../src/app/csv-wave-report';
import { expandWave } from '../../../src/app/expand-wave';
import { type StartCsvWaveRequest, startCsvWave } from '../../../src/app/start-csv-wave';
import { generatedUserId, generateTenant, SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { QUEUE_NAMES } from '../../../src/queue/job-names';
import { processWavePlanJob } from '../../../src/queue/wave-plan-worker';
import { rolloutKeys } from '../../../src/store/keys';
import { testRedisUrl } from '../../support/redis';
import { cardActions, cardText, eventually, type Stack, startStack } from '../../support/stack';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'csv');
const createdBy = { id: 'test-admin', name: 'Test Admin' };
/**
 * Every awareness card a user was sent (in the chat the bot created, or in their own 1:1 chat),
 * known by its buttons whatever the user's language and whether a number was preloaded.
 */
function awarenessCards(stack: Stack, userId: string) {
  return [
    ...stack.connector.transcript.activitiesFor(userId),
    ...stack.connector.transcript.activitiesIn(`a:chat-${userId}`),
  ].filter((activity) =>
    cardActions(activity.attachments).some((action) => ['phone.confirm', 'phone.add'].includes(action.verb)),
  );
}

async function keysUnder(stack: Stack, pattern: string): Promise<string[]> {
  const redis = stack.runtime.redis;
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(
      cursor,
      'MATCH',
      `${stack.config.REDIS_PREFIX}${pattern}`,
      'COUNT',
      1000,
    );
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys.sort();
}

async function queuedJobs(stack: Stack): Promise<number> {
  const { wavePlan, outreach } = stack.runtime.queues;
  let total = 0;
  for (const queue of [wavePlan, outreach]) {
    const counts = await queue.getJobCounts(
      'waiting',
      'delayed',
      'prioritized',
      'active',
      'completed',
      'failed',
    );
    total += Object.values(counts).reduce((sum, n) => sum + n, 0);
  }
  return total;
}

async function settled(stack: Stack, waveId: string, expected: number) {
  await eventually(
    async () => {
      const counts = await stack.runtime.deps.repo.countByStatus(waveId);
      return (
        counts.targeted === 0 &&
        counts.notified + counts['no-phone'] + counts.excluded + counts.unreachable === expected
      );
    },
    30_000,
    `${expected} users of ${waveId} settled`,
  );
}

function csvStream(text: string, chunkSize = 7): Readable {
  // Small chunks: line breaks, quotes and BOMs get split across them.
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

function lines(report: CsvImportReport): Array<[number, number | undefined]> {
  return report.errors.map((error) => [error.line, error.endLine]);
}

describe('CSV waves through the whole bot (restify + CloudAdapter + simulators + Redis + BullMQ)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('dry run of a malformed file: every problem with its line number, nothing created', async () => {
    const keysBefore = await keysUnder(stack, ':*');
    const { report, wave } = await startCsvWave(stack.runtime.deps, {
      filePath: join(FIXTURES, 'malformed.csv'),
      createdBy,
      dryRun: true,
    });
    assert.equal(wave, undefined);
    assert.equal(report.dryRun, true);
    assert.equal(report.accepted, false, 'malformed rows refuse the file unless skipInvalid');
    assert.deepEqual(report.columns, {
      userPrincipalName: 'userPrincipalName',
      id: 'objectId',
      displayName: 'displayName',
    });
    assert.deepEqual(
      report.errors.map((error) => error.line),
      [4, 5, 7, 11],
    );
    const [missing, badGuid, quote, phone] = report.errors.map((error) => error.message);
    assert.match(missing!, /1 value: the "userPrincipalName" and "objectId" columns are missing/);
    assert.match(badGuid!, /not an object id/);
    assert.match(quote!, /double quote/);
    assert.match(phone!, /not a valid user principal name/);
    // A phone number typed in the wrong column is not repeated back.
    assert.doesNotMatch(JSON.stringify(report), /20123456/);
    // Line 9 repeats line 2 in another case; line 12 names line 10's user by object id (found in the directory).
    assert.deepEqual(report.duplicateLines, [
      { line: 9, firstLine: 2 },
      { line: 12, firstLine: 10 },
    ]);
    assert.equal(report.blankLines, 1);
    assert.deepEqual(
      { rows: report.rows, valid: report.valid, duplicates: report.duplicates, invalid: report.invalid },
      { rows: 10, valid: 4, duplicates: 2, invalid: 4 },
    );
    assert.deepEqual(report.directory?.unresolved, [
      { line: 8, message: 'ghost.user@contoso.onmicrosoft.com: no such user in the directory' },
    ]);
    assert.equal(report.directory?.found, 3);

    assert.deepEqual(await stack.runtime.deps.repo.listWaves(), []);
    assert.equal(await queuedJobs(stack), 0);
    assert.deepEqual(await keysUnder(stack, ':*'), keysBefore, 'a dry run leaves no key behind');
    assert.equal(stack.graph.requests.matching(/installedApps/).length, 0);
    assert.equal(stack.connector.transcript.activities.length, 0);
  });

  it('refuses the same file for real without skipInvalid, and leaves nothing behind', async () => {
    const keysBefore = await keysUnder(stack, ':*');
    const { report, wave } = await startCsvWave(stack.runtime.deps, {
      filePath: join(FIXTURES, 'malformed.csv'),
      createdBy,
    });
    assert.equal(wave, undefined);
    assert.equal(report.accepted, false);
    assert.equal(report.directory, undefined, 'a real import leaves the directory to the expansion');
    assert.deepEqual(report.duplicateLines, [{ line: 9, firstLine: 2 }]);
    assert.deepEqual(await stack.runtime.deps.repo.listWaves(), []);
    assert.equal(await queuedJobs(stack), 0);
    assert.deepEqual(await keysUnder(stack, ':*'), keysBefore);
  });

  it('sends every listed user one awareness card, and excludes the disabled account', async () => {
    const { report, wave } = await startCsvWave(stack.runtime.deps, {
      filePath: join(FIXTURES, 'good.csv'),
      createdBy,
    });
    assert.ok(wave, 'the wave was created');
    assert.deepEqual(
      { accepted: report.accepted, rows: report.rows, valid: report.valid, errors: report.errors },
      { accepted: true, rows: 6, valid: 6, errors: [] },
    );
    assert.equal(wave.name, 'good');
    assert.deepEqual(wave.source, { kind: 'csv', fileName: 'good.csv' });
    await settled(stack, wave.id, 6);

    const listed = [SAMPLE_USERS.adele, SAMPLE_USERS.alex, SAMPLE_USERS.diego, SAMPLE_USERS.lidia];
    const megan = '0b4c2a1e-3d5f-4a60-8b71-000000000006';
    const mads = '0b4c2a1e-3d5f-4a60-8b71-000000000036';
    for (const userId of [...listed, megan])
      assert.equal(awarenessCards(stack, userId).length, 1, `${userId} got exactly one awareness card`);
    assert.equal(awarenessCards(stack, mads).length, 0);
    const madsRecord = await stack.runtime.deps.repo.getUser(wave.id, mads);
    assert.deepEqual([madsRecord?.status, madsRecord?.reason], ['excluded', 'account disabled']);
    // The page logic is wave-plan's: masked number on the record, never the clear one.
    const alex = await stack.runtime.deps.repo.getUser(wave.id, SAMPLE_USERS.alex);
    assert.equal(alex?.phoneMasked, '+1 •• •• •• •1 01');
    assert.equal(alex?.userPrincipalName, 'AlexW@contoso.onmicrosoft.com');

    const active = await stack.runtime.deps.repo.getWave(wave.id);
    assert.deepEqual([active?.status, active?.total], ['active', 6]);
    assert.deepEqual(await csvWaveReport(stack.runtime.deps, wave.id), {
      rows: 6,
      unresolvedCount: 0,
      unresolved: [],
    });
  });

  it('with skipInvalid, starts from the valid rows, reports the unknown user by line, and sends a user listed twice one card', async () => {
    const { report, wave } = await startCsvWave(stack.runtime.deps, {
      filePath: join(FIXTURES, 'malformed.csv'),
      name: 'Malformed but accepted',
      createdBy,
      skipInvalid: true,
    });
    assert.ok(wave);
    assert.equal(report.accepted, true);
    assert.deepEqual(lines(report), [
      [4, undefined],
      [5, undefined],
      [7, undefined],
      [11, undefined],
    ]);
    // Isaiah, Nestor, Søren; Ghost is unknown; Søren is listed again by object id on line 12.
    await settled(stack, wave.id, 3);
    const soren = '0b4c2a1e-3d5f-4a60-8b71-000000000009';
    for (const userId of [SAMPLE_USERS.isaiah, '0b4c2a1e-3d5f-4a60-8b71-000000000007', soren])
      assert.equal(awarenessCards(stack, userId).length, 1, `${userId} got exactly one awareness card`);
    const csv = await csvWaveReport(stack.runtime.deps, wave.id);
    assert.deepEqual(csv, {
      rows: 5,
      unresolvedCount: 1,
      unresolved: [
        { line: 8, user: 'ghost.user@contoso.onmicrosoft.com', reason: 'no such user in the directory' },
      ],
    });
    const audit = (await stack.runtime.deps.audit.read({ waveId: wave.id })).map((entry) => [
      entry.action,
      entry.detail,
    ]);
    assert.deepEqual(
      audit.find(([action]) => action === 'csv-expanded'),
      ['csv-expanded', '5 rows from malformed.csv; 1 not in the directory (lines 8)'],
    );
    assert.equal((await stack.runtime.deps.repo.getWave(wave.id))?.total, 3);
  });
});

describe('a CSV wave nobody can join', () => {
  const CHANNEL = '19:csv-admins@thread.tacv2';
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { ADMIN_CHANNEL_ID: CHANNEL } });
  });
  after(() => stack.close());

  it('is closed, not announced, and the admins are told why nobody got a card', async () => {
    const { deps } = stack.runtime;
    const { wave } = await startCsvWave(deps, {
      stream: csvStream('upn\nnobody@contoso.onmicrosoft.com\nghost@contoso.onmicrosoft.com\n'),
      fileName: 'ghosts.csv',
      createdBy,
    });
    assert.ok(wave, 'the file itself is fine: the directory is only asked on expansion');
    const done = await eventually(
      async () => {
        const found = await deps.repo.getWave(wave.id);
        return found?.announcedAt ? found : undefined;
      },
      20_000,
      'the expansion finished',
    );
    assert.deepEqual([done.status, done.total], ['closed', 0]);
    const posts = stack.connector.transcript.activitiesIn(CHANNEL).map((a) => cardText(a.attachments));
    assert.equal(posts.length, 1);
    assert.match(posts[0]!, /Wave ghosts has nobody in it/);
    assert.doesNotMatch(posts[0]!, /announced/i);
    assert.ok((await deps.audit.read({ waveId: wave.id })).some((e) => e.action === 'wave-empty'));
    const waveJobs = (await stack.runtime.queues.sweeps.getDelayed()).filter(
      (j) => j.data?.waveId === wave.id,
    );
    assert.deepEqual(waveJobs, [], 'no reminder or deadline scheduled');
  });
});

describe('CSV import: formats and broken files', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ startWorkers: false });
  });
  after(() => stack.close());

  const dryRun = (text: string, extra: Partial<StartCsvWaveRequest> = {}) =>
    startCsvWave(stack.runtime.deps, {
      stream: csvStream(text),
      fileName: 'upload.csv',
      createdBy,
      dryRun: true,
      ...extra,
    } as StartCsvWaveRequest).then(({ report }) => report);

  it('reads an Excel export: BOM, sep= line, semicolons, CRLF, quoted values with line breaks', async () => {
    const text =
      '\uFEFFsep=;\r\n' +
      'UPN;Name\r\n' +
      'AdeleV@contoso.onmicrosoft.com;"Vance; Adele"\r\n' +
      '\r\n' +
      'AlexW@contoso.onmicrosoft.com;"Alex\r\nWilber"\r\n' +
      'not-a-upn;Nobody\r\n';
    const report = await dryRun(text);
    assert.equal(report.delimiter, ';');
    assert.deepEqual(report.columns, { userPrincipalName: 'UPN', displayName: 'Name' });
    assert.equal(report.valid, 2);
    // The quoted line break does not shift the line numbers after it.
    assert.deepEqual(report.errors, [
      { line: 7, message: 'userPrincipalName is not a valid user principal name (name@domain)' },
    ]);
    assert.equal(report.blankLines, 1);
  });

  it('reads a file without a header, and the Entra template with its version line', async () => {
    const plain = await dryRun(
      `${SAMPLE_USERS.adele}\nAlexW@contoso.onmicrosoft.com\n\n${SAMPLE_USERS.adele.toUpperCase()}\n`,
    );
    assert.equal(plain.header, false);
    assert.deepEqual([plain.valid, plain.duplicates], [2, 1]);
    assert.deepEqual(plain.duplicateLines, [{ line: 4, firstLine: 1 }]);
    const template = await dryRun(
      'version:v1.0,,\nMember object ID or user principal name [memberObjectIdOrUpn] Required\nDiegoS@contoso.onmicrosoft.com\n',
    );
    assert.deepEqual([template.valid, template.invalid, template.directory?.found], [1, 0, 1]);
  });

  it('reports a quote left open with the lines it swallowed, never dropping them silently', async () => {
    const text =
      'upn,displayName\n' +
      'AdeleV@contoso.onmicrosoft.com,Adele\n' +
      'AlexW@contoso.onmicrosoft.com,"Alex"W\n' +
      'DiegoS@contoso.onmicrosoft.com,Diego\n' +
      'LidiaH@contoso.onmicrosoft.com,Lidia\n';
    const report = await dryRun(text);
    assert.equal(report.valid, 1);
    assert.deepEqual(lines(report), [[3, 5]]);
    assert.match(report.errors[0]!.message, /lines 3–5 were not read/);
    assert.equal(report.accepted, false);
    // Here csv-parse reports line 2 and then skips lines 3-4 without a word: the line count catches it.
    const skipped = await dryRun(
      'upn,displayName\n' +
        'AdeleV@contoso.onmicrosoft.com,"Adele" "V"\n' +
        'AlexW@contoso.onmicrosoft.com,Alex\n' +
        'DiegoS@contoso.onmicrosoft.com,Diego\n',
    );
    assert.deepEqual(lines(skipped), [
      [2, undefined],
      [3, 4],
    ]);
    assert.match(skipped.errors[1]!.message, /lines 3–4 could not be read/);
    assert.equal(skipped.rows, skipped.valid + skipped.duplicates + skipped.invalid);
  });

  it('stops at a record too long to be a row, and refuses the file', async () => {
    const text = `upn,displayName\nAdeleV@contoso.onmicrosoft.com,"${'x'.repeat(70 * 1024)}\nAlexW@contoso.onmicrosoft.com,Alex\n`;
    const report = await dryRun(text, { stream: csvStream(text, 4096) });
    assert.equal(report.fatal?.line, 2);
    assert.match(report.fatal?.message ?? '', /longer than 64 KB/);
    assert.equal(report.accepted, false);
  });

  it('refuses files that are not CSV text, and a header without a user column', async () => {
    const xlsx = await dryRun('', { stream: Readable.from([Buffer.from('PK\u0003\u0004binary')]) });
    assert.match(xlsx.fatal?.message ?? '', /Excel workbook/);
    const utf16 = await dryRun('', { stream: Readable.from([Buffer.from('\ufeffupn\n', 'utf16le')]) });
    assert.match(utf16.fatal?.message ?? '', /UTF-16/);
    const empty = await dryRun('');
    assert.match(empty.fatal?.message ?? '', /empty/);
    const noUser = await dryRun('\n\nfirst name,mobile\nAdele,+45 20123456\n');
    assert.deepEqual(noUser.fatal?.line, 3);
    assert.match(noUser.fatal?.message ?? '', /no column names the users/);
    assert.doesNotMatch(JSON.stringify(noUser), /20123456/);
  });

  it('lists the first errors and counts the rest', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `bad-${i}`).join('\n');
    const report = await dryRun(`upn\n${rows}\n`, { maxListed: 5 });
    assert.equal(report.invalid, 30);
    assert.deepEqual(
      report.errors.map((error) => error.line),
      [2, 3, 4, 5, 6],
    );
    assert.equal(report.errorsNotListed, 25);
  });

  it('refuses for good (no retry) to expand a CSV wave whose stored rows are unreadable or gone', async () => {
    const deps = stack.runtime.deps;
    const { wave } = await startCsvWave(deps, {
      stream: csvStream('upn\nAdeleV@contoso.onmicrosoft.com\n'),
      fileName: 'to-break.csv',
      createdBy,
    });
    assert.ok(wave);
    const rowsKey = rolloutKeys(stack.config.REDIS_PREFIX).waveCsvRows(wave.id);
    const job = {
      name: 'expand',
      data: { waveId: wave.id, pagesDone: 0, csvOffset: 0 },
      async updateData() {},
    } as unknown as Job;
    await stack.runtime.redis.lset(rowsKey, 0, '{"line":2,"upn":"+45 20123456"}');
    await assert.rejects(processWavePlanJob(deps, job), (error: unknown) => {
      assert.ok(error instanceof UnrecoverableError);
      assert.equal(error.message, `wave ${wave.id}: stored CSV row 0 is unreadable`);
      return true;
    });
    await stack.runtime.redis.del(rowsKey);
    await assert.rejects(processWavePlanJob(deps, job), (error: unknown) => {
      assert.ok(error instanceof UnrecoverableError);
      assert.equal(error.message, `wave ${wave.id} has no stored CSV rows to expand`);
      return true;
    });
  });
});

describe('a 5,000-row CSV wave: streamed import, chunked and resumable expansion', () => {
  const USERS = 5000;
  const CHUNK = 500;
  let stack: Stack;
  let dir: string;
  let csvPath: string;
  let connection: Redis;
  let worker: Worker | undefined;

  before(async () => {
    stack = await startStack({ startWorkers: false });
    stack.graph.state.load(generateTenant(USERS));
    dir = mkdtempSync(join(tmpdir(), 'csv-wave-'));
    csvPath = join(dir, 'everyone.csv');
    const out = ['userPrincipalName,objectId,displayName'];
    // Every tenth user by object id, the others by UPN; 20 users listed a second time in upper case.
    for (let i = 0; i < USERS; i++)
      out.push(
        i % 10 === 0 ? `,${generatedUserId(i)},User ${i}` : `user${i}@contoso.onmicrosoft.com,,User ${i}`,
      );
    for (let i = 0; i < USERS; i += 250)
      out.push(
        i % 10 === 0
          ? `,${generatedUserId(i).toUpperCase()},again`
          : `USER${i}@CONTOSO.ONMICROSOFT.COM,,again`,
      );
    writeFileSync(csvPath, `${out.join('\n')}\n`);
    connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  });
  after(async () => {
    await worker?.close();
    connection.disconnect();
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the file as a stream, expands it in chunks, and a crash mid-way loses nobody and duplicates nobody', async () => {
    const deps = stack.runtime.deps;
    // The file is read through a stream that notes how many rows were already stored in Redis when
    // its last chunk was asked for: with a whole-file read that number would be 0.
    const size = statSync(csvPath).size;
    let storedBeforeLastChunk = -1;
    async function* fileChunks() {
      let sent = 0;
      for await (const chunk of createReadStream(csvPath, { highWaterMark: 4096 })) {
        if (sent + (chunk as Buffer).length === size) {
          const [rowsKey] = await keysUnder(stack, ':wave:*:csv-rows');
          storedBeforeLastChunk = rowsKey ? await stack.runtime.redis.llen(rowsKey) : 0;
        }
        sent += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    }
    const { report, wave } = await startCsvWave(deps, {
      stream: Readable.from(fileChunks(), { objectMode: false }),
      fileName: 'everyone.csv',
      createdBy,
      chunkSize: CHUNK,
    });
    assert.ok(wave);
    assert.deepEqual(
      { rows: report.rows, valid: report.valid, duplicates: report.duplicates, invalid: report.invalid },
      { rows: USERS + 20, valid: USERS, duplicates: 20, invalid: 0 },
    );
    assert.ok(storedBeforeLastChunk > 0, `rows stored before the end of the file: ${storedBeforeLastChunk}`);
    assert.equal(await stack.runtime.redis.llen((await keysUnder(stack, ':wave:*:csv-rows'))[0]!), USERS);

    // The expansion worker "crashes" once: after the 4th chunk was added, before its cursor was saved.
    const cursors: number[] = [];
    let crashed = false;
    worker = new Worker(
      QUEUE_NAMES.wavePlan,
      async (job: Job) => {
        const save = job.updateData.bind(job);
        job.updateData = async (data: { csvOffset?: number }) => {
          cursors.push(data.csvOffset ?? -1);
          if (!crashed && data.csvOffset === 4 * CHUNK) {
            crashed = true;
            throw new Error('simulated crash before the cursor was saved');
          }
          return save(data);
        };
        return processWavePlanJob(deps, job);
      },
      { connection, prefix: `${stack.config.REDIS_PREFIX}-bull` },
    );
    await eventually(
      async () => (await deps.repo.getWave(wave.id))?.status === 'active',
      60_000,
      'the wave expanded',
    );
    await worker.close();
    worker = undefined;

    const expectedCursors = Array.from({ length: USERS / CHUNK }, (_, i) => (i + 1) * CHUNK);
    expectedCursors.splice(4, 0, 4 * CHUNK);
    assert.deepEqual(cursors, expectedCursors, 'chunk by chunk, the crashed chunk done twice, nothing else');

    await assertEveryoneOnce(wave.id);
  });

  it('re-running the whole finished expansion adds nobody', async () => {
    const deps = stack.runtime.deps;
    const [wave] = await deps.repo.listWaves();
    assert.ok(wave);
    let cursor = { pagesDone: 0, csvOffset: 0, csvChunkSize: 2000 };
    await expandWave(deps, wave.id, cursor, async (saved) => {
      cursor = saved;
    });
    assert.equal(cursor.csvOffset, USERS);
    await assertEveryoneOnce(wave.id);
  });

  async function assertEveryoneOnce(waveId: string) {
    const deps = stack.runtime.deps;
    const counts = await deps.repo.countByStatus(waveId);
    assert.equal(counts.targeted, USERS);
    assert.equal(
      Object.values(counts).reduce((sum, n) => sum + n, 0),
      USERS,
    );
    assert.equal((await deps.repo.getWave(waveId))?.total, USERS);
    const jobs = (
      await stack.runtime.queues.outreach.getJobs(['waiting', 'prioritized', 'delayed'], 0, -1)
    ).filter((job) => job.name === 'awareness');
    assert.equal(jobs.length, USERS, 'one outreach job per user');
    const userIds = new Set(jobs.map((job) => (job.data as { userId: string }).userId));
    for (let i = 0; i < USERS; i++)
      assert.ok(userIds.has(generatedUserId(i)), `user ${i} has an outreach job`);
    const expanded = (await deps.audit.read({ waveId }, 10_000)).filter(
      (entry) => entry.action === 'csv-expanded',
    );
    assert.ok(
      expanded.every((entry) => entry.detail === `${USERS} rows from everyone.csv; 0 not in the directory`),
    );
  }
});
