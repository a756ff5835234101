import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type ConnectorSimulator, startConnectorSimulator } from '../../../../src/dev/connector-sim';

/** Files in a 1:1 chat as the simulator keeps them: download links that expire, consent upload sessions. */
describe('connector simulator files', () => {
  let sim: ConnectorSimulator;
  let clock = 1_000_000;

  before(async () => {
    sim = await startConnectorSimulator({ now: () => clock });
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.reset();
    clock = 1_000_000;
  });

  it('serves a sent file at its download link, without a token, for an hour', async () => {
    const file = sim.hostFile('phones.csv', Buffer.from('upn,mobile\n'));
    assert.equal(file.fileType, 'csv');
    assert.match(file.downloadUrl, /^http:\/\/127\.0\.0\.1:\d+\/_files\/[^?]+\?tempauth=/);
    const ok = await fetch(file.downloadUrl);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'upn,mobile\n');
    clock += 60 * 60 * 1000;
    const late = await fetch(file.downloadUrl);
    assert.equal(late.status, 401);
    assert.equal(((await late.json()) as { error: { code: string } }).error.code, 'unauthenticated');
  });

  it('refuses a link whose tempauth was altered, and an unknown file', async () => {
    const file = sim.hostFile('phones.csv', Buffer.from('x'));
    assert.equal((await fetch(file.downloadUrl.replace(/tempauth=.*/, 'tempauth=guess'))).status, 401);
    assert.equal((await fetch(new URL('_files/NOPE?tempauth=x', sim.url))).status, 404);
  });

  it('hosts a file through its control route, as a bot in another process sees it', async () => {
    const response = await fetch(new URL('_sim/files', sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'a.csv', contentBase64: Buffer.from('hello').toString('base64') }),
    });
    assert.equal(response.status, 201);
    const file = (await response.json()) as { downloadUrl: string };
    assert.equal(await (await fetch(file.downloadUrl)).text(), 'hello');
  });

  it('takes an upload in ranges (202 until the last, then 201) and keeps it', async () => {
    const upload = sim.openUpload('report.csv');
    const put = (body: string, range: string, headers: Record<string, string> = {}) =>
      fetch(upload.uploadUrl, { method: 'PUT', headers: { 'content-range': range, ...headers }, body });
    const first = await put('abc', 'bytes 0-2/5');
    assert.equal(first.status, 202);
    assert.deepEqual(((await first.json()) as { nextExpectedRanges: string[] }).nextExpectedRanges, ['3-']);
    assert.equal((await put('de', 'bytes 4-5/5')).status, 400, 'a range that does not match the body');
    assert.equal((await put('e', 'bytes 4-4/5')).status, 416, 'a range out of order');
    const last = await put('de', 'bytes 3-4/5');
    assert.equal(last.status, 201);
    assert.equal(((await last.json()) as { size: number }).size, 5);
    const kept = sim.uploaded(upload.uniqueId);
    assert.equal(kept?.complete, true);
    assert.equal(kept?.content.toString(), 'abcde');
    const read = await fetch(new URL(`_sim/uploads/${upload.uniqueId}`, sim.url));
    const body = (await read.json()) as { contentBase64: string; complete: boolean };
    assert.equal(Buffer.from(body.contentBase64, 'base64').toString(), 'abcde');
  });

  it('answers 401 to an upload that carries an Authorization header', async () => {
    const upload = sim.openUpload('report.csv');
    const response = await fetch(upload.uploadUrl, {
      method: 'PUT',
      headers: { 'content-range': 'bytes 0-0/1', authorization: 'Bearer x' },
      body: 'a',
    });
    assert.equal(response.status, 401);
    assert.equal(sim.uploaded(upload.uniqueId)?.size, 0);
  });

  it('checks its control routes: a body that is not a file, an unknown upload', async () => {
    const bad = await fetch(new URL('_sim/files', sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', contentBase64: 'not base64!' }),
    });
    assert.equal(bad.status, 400);
    assert.equal((await fetch(new URL('_sim/uploads/NOPE', sim.url))).status, 404);
    const opened = await fetch(new URL('_sim/uploads', sim.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'r.csv' }),
    });
    assert.equal(opened.status, 201);
    const info = (await opened.json()) as { uploadUrl: string; uniqueId: string; fileType: string };
    assert.equal(info.fileType, 'csv');
    assert.equal(sim.uploaded(info.uniqueId)?.complete, false);
  });
});
