import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type ConnectorSimulator, startConnectorSimulator } from '../../../src/dev/connector-sim';
import { downloadTeamsFile } from '../../../src/teams/files/file-download';
import { FileUploadError, uploadToConsentSession } from '../../../src/teams/files/file-upload';

/** The bot's side of Teams files against the connector simulator's OneDrive stand-in. */
describe('Teams file download and consent upload', () => {
  let sim: ConnectorSimulator;
  let clock = 5_000_000;

  before(async () => {
    sim = await startConnectorSimulator({ now: () => clock });
  });
  after(() => sim.close());

  it('downloads a sent file at once', async () => {
    const file = sim.hostFile('phones.csv', Buffer.from('upn,mobile\na@b,+4520123456\n'));
    const result = await downloadTeamsFile(file.downloadUrl, { maxBytes: 1024 });
    assert.equal(result.ok && result.content.toString(), 'upn,mobile\na@b,+4520123456\n');
  });

  it('refuses a file over the cap from its Content-Length', async () => {
    const file = sim.hostFile('big.csv', Buffer.alloc(2048, 'a'));
    assert.deepEqual(await downloadTeamsFile(file.downloadUrl, { maxBytes: 1024 }), {
      ok: false,
      reason: 'too-large',
    });
  });

  it('stops a download without a Content-Length once it passes the cap', async () => {
    let written = 0;
    let closed = false;
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/csv' });
      const timer = setInterval(() => {
        written += 1024;
        response.write(Buffer.alloc(1024, 'b'));
      }, 1);
      response.on('close', () => {
        closed = true;
        clearInterval(timer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await downloadTeamsFile(`http://127.0.0.1:${port}/endless`, { maxBytes: 8 * 1024 });
      assert.deepEqual(result, { ok: false, reason: 'too-large' });
      // The endless body was cut off, not read to its end.
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(closed, 'the connection was closed by the bot');
      assert.ok(written < 1024 * 1024);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('says a link is expired after an hour', async () => {
    const file = sim.hostFile('phones.csv', Buffer.from('x'));
    clock += 60 * 60 * 1000;
    assert.deepEqual(await downloadTeamsFile(file.downloadUrl, { maxBytes: 1024 }), {
      ok: false,
      reason: 'expired',
      status: 401,
    });
  });

  it('uploads a report into a consent session, in pieces when it is large', async () => {
    const small = sim.openUpload('report.csv');
    await uploadToConsentSession(small.uploadUrl, Buffer.from('line,decision\n'));
    assert.equal(sim.uploaded(small.uniqueId)?.content.toString(), 'line,decision\n');
    const large = sim.openUpload('large.csv');
    const content = Buffer.alloc(9 * 1024 * 1024, 'c');
    await uploadToConsentSession(large.uploadUrl, content);
    const kept = sim.uploaded(large.uniqueId);
    assert.equal(kept?.complete, true);
    assert.equal(kept?.size, content.length);
  });

  it('fails loudly when the session is gone', async () => {
    await assert.rejects(
      uploadToConsentSession(new URL('_uploads/NOPE', sim.url).href, Buffer.from('x')),
      (error: unknown) => error instanceof FileUploadError && error.status === 404,
    );
  });
});
