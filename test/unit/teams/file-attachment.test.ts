import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FILE_DOWNLOAD_INFO, readMessageAttachments } from '../../../src/teams/files/file-attachment';

const file = (content: Record<string, unknown>, name = 'phones.csv') => ({
  contentType: FILE_DOWNLOAD_INFO,
  contentUrl: 'https://contoso-my.sharepoint.com/personal/x/phones.csv',
  name,
  content,
});

describe('reading the attachments of a message', () => {
  it('finds a file the user sent, with its type and link', () => {
    const read = readMessageAttachments([
      file({ downloadUrl: 'https://contoso-my.sharepoint.com/x?tempauth=1', uniqueId: 'U', fileType: 'CSV' }),
    ]);
    assert.deepEqual(read, {
      kind: 'file',
      name: 'phones.csv',
      fileType: 'csv',
      downloadUrl: 'https://contoso-my.sharepoint.com/x?tempauth=1',
    });
  });

  it("takes the type from the name when Teams gives none, and ignores Teams' HTML copy of the text", () => {
    const read = readMessageAttachments([
      { contentType: 'text/html', content: '<p>here</p>' },
      file({ downloadUrl: 'https://x.test/f' }, 'Phones.TXT'),
    ]);
    assert.equal(read.kind === 'file' && read.fileType, 'txt');
    assert.deepEqual(readMessageAttachments([{ contentType: 'text/html', content: '<p>hi</p>' }]), {
      kind: 'none',
    });
    assert.deepEqual(readMessageAttachments(undefined), { kind: 'none' });
  });

  it('says what came when it is not a file (a pasted image, a card)', () => {
    assert.deepEqual(
      readMessageAttachments([{ contentType: 'image/png', contentUrl: 'https://x.test/i' }, { foo: 1 }]),
      { kind: 'not-a-file', contentTypes: ['image/png', 'unknown'] },
    );
  });

  it('refuses a file attachment without a usable download link', () => {
    assert.deepEqual(readMessageAttachments([file({})]), { kind: 'malformed' });
    assert.deepEqual(readMessageAttachments([file({ downloadUrl: 'javascript:alert(1)' })]), {
      kind: 'malformed',
    });
    assert.deepEqual(readMessageAttachments([file({ downloadUrl: 'https://x.test/f' }, '')]), {
      kind: 'malformed',
    });
  });

  it('takes only https links when asked to (production: Teams links are OneDrive and SharePoint)', () => {
    const plain = [file({ downloadUrl: 'http://127.0.0.1:9/f' })];
    assert.equal(readMessageAttachments(plain).kind, 'file');
    assert.deepEqual(readMessageAttachments(plain, { requireHttps: true }), { kind: 'malformed' });
    const secure = [file({ downloadUrl: 'https://contoso-my.sharepoint.com/f' })];
    assert.equal(readMessageAttachments(secure, { requireHttps: true }).kind, 'file');
  });
});
