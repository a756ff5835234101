import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { readBody } from '../read-body';
import { sendJson } from './http-io';

/**
 * Files in a 1:1 chat, as Teams handles them for a bot with `supportsFiles`:
 * - a file the user sends reaches the bot as a `file.download.info` attachment whose
 *   `content.downloadUrl` is a pre-authenticated OneDrive/SharePoint link: GET with no
 *   Authorization header, valid about an hour (here: `hostFile`, served under `/_files/`);
 * - a file the bot sends goes through a FileConsentCard; when the user accepts, Teams creates an
 *   upload session and hands its `uploadUrl` to the bot (here: `openUpload`, served under
 *   `/_uploads/`), which PUTs the bytes with Content-Range, no Authorization header, as OneDrive's
 *   upload sessions take them (202 with nextExpectedRanges until the last range, then 201 and the item).
 */

/** Teams' download links last about an hour. */
export const DOWNLOAD_URL_TTL_MS = 60 * 60 * 1000;
/** OneDrive upload sessions expire after a while without bytes; Teams' are long enough for one file. */
const UPLOAD_SESSION_TTL_MS = 60 * 60 * 1000;
/** OneDrive takes at most 60 MiB per PUT of an upload session. */
const MAX_UPLOAD_CHUNK_BYTES = 60 * 1024 * 1024;

/** What Teams puts in the attachment of a file the user sent (`content` of file.download.info). */
export interface HostedFile {
  readonly name: string;
  readonly uniqueId: string;
  readonly fileType: string;
  readonly downloadUrl: string;
  /** Where the file lives in the user's OneDrive (the attachment's contentUrl). */
  readonly contentUrl: string;
  readonly expiresAt: number;
}

/** `uploadInfo` of a fileConsent/invoke with action accept. */
export interface UploadInfo {
  readonly name: string;
  readonly uploadUrl: string;
  readonly contentUrl: string;
  readonly uniqueId: string;
  readonly fileType: string;
}

/** A file the bot uploaded through a consent card, as the user's OneDrive holds it. */
export interface UploadedFile {
  readonly name: string;
  readonly size: number;
  readonly complete: boolean;
  readonly content: Buffer;
}

interface Upload {
  info: UploadInfo;
  expiresAt: number;
  total: number | undefined;
  chunks: Buffer[];
  received: number;
  complete: boolean;
}

const fileTypeOf = (name: string): string => extname(name).replace(/^\./, '').toLowerCase();

function oneDriveError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { error: { code, message } });
}

export class SimFiles {
  private readonly hosted = new Map<
    string,
    { file: HostedFile; token: string; content: Buffer; downloads: number }
  >();
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly now: () => number,
  ) {}

  /** The user drops a file into the chat: Teams stores it and links it for the bot. */
  hostFile(name: string, content: Buffer, ttlMs = DOWNLOAD_URL_TTL_MS): HostedFile {
    const uniqueId = randomUUID().toUpperCase();
    const token = randomBytes(24).toString('base64url');
    const file: HostedFile = {
      name,
      uniqueId,
      fileType: fileTypeOf(name),
      downloadUrl: `${this.baseUrl()}_files/${uniqueId}?tempauth=${token}`,
      contentUrl: `${this.baseUrl()}personal/user/Documents/Microsoft%20Teams%20Chat%20Files/${encodeURIComponent(name)}`,
      expiresAt: this.now() + ttlMs,
    };
    this.hosted.set(uniqueId, { file, token, content, downloads: 0 });
    return file;
  }

  /** The user accepted a FileConsentCard: an upload session in their OneDrive for the bot's file. */
  openUpload(name: string): UploadInfo {
    const uniqueId = randomUUID().toUpperCase();
    const info: UploadInfo = {
      name,
      uniqueId,
      fileType: fileTypeOf(name),
      uploadUrl: `${this.baseUrl()}_uploads/${uniqueId}`,
      contentUrl: `${this.baseUrl()}personal/user/Documents/Applications/${encodeURIComponent(name)}`,
    };
    this.uploads.set(uniqueId, {
      info,
      expiresAt: this.now() + UPLOAD_SESSION_TTL_MS,
      total: undefined,
      chunks: [],
      received: 0,
      complete: false,
    });
    return info;
  }

  /** How many times a sent file was downloaded with a valid link (0: never opened). */
  downloads(uniqueId: string): number {
    return this.hosted.get(uniqueId)?.downloads ?? 0;
  }

  uploaded(uniqueId: string): UploadedFile | undefined {
    const upload = this.uploads.get(uniqueId);
    if (!upload) return undefined;
    const content = Buffer.concat(upload.chunks);
    return { name: upload.info.name, size: content.length, complete: upload.complete, content };
  }

  reset(): void {
    this.hosted.clear();
    this.uploads.clear();
  }

  /** GET /_files/{id}?tempauth=…: the bytes while the link is valid; 401 once it expired or was altered. */
  serveDownload(request: IncomingMessage, response: ServerResponse, url: URL) {
    request.resume();
    const id = decodeURIComponent(url.pathname.slice('/_files/'.length));
    const entry = this.hosted.get(id);
    if (request.method !== 'GET') return oneDriveError(response, 405, 'notSupported', 'GET only');
    if (!entry) return oneDriveError(response, 404, 'itemNotFound', 'The resource could not be found.');
    if (url.searchParams.get('tempauth') !== entry.token || this.now() >= entry.file.expiresAt) {
      return oneDriveError(response, 401, 'unauthenticated', 'Access token has expired or is not valid.');
    }
    entry.downloads += 1;
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(entry.content.length),
      'content-disposition': `attachment; filename="${encodeURIComponent(entry.file.name)}"`,
    });
    response.end(entry.content);
  }

  /** PUT /_uploads/{id} with `Content-Range: bytes a-b/total`, in order, as OneDrive's upload sessions take them. */
  async receiveUpload(request: IncomingMessage, response: ServerResponse, url: URL) {
    const id = decodeURIComponent(url.pathname.slice('/_uploads/'.length));
    const upload = this.uploads.get(id);
    const { size, body } = await readBody(request, MAX_UPLOAD_CHUNK_BYTES);
    if (request.method !== 'PUT') return oneDriveError(response, 405, 'notSupported', 'PUT only');
    if (!upload) return oneDriveError(response, 404, 'itemNotFound', 'The upload session was not found.');
    // The upload URL is pre-authenticated: OneDrive answers a request that adds a token with 401.
    if (request.headers.authorization) {
      return oneDriveError(response, 401, 'unauthenticated', 'Do not send an Authorization header.');
    }
    if (this.now() >= upload.expiresAt || upload.complete) {
      return oneDriveError(response, 404, 'itemNotFound', 'The upload session has expired or is complete.');
    }
    if (size > MAX_UPLOAD_CHUNK_BYTES) {
      return oneDriveError(response, 413, 'requestTooLarge', 'A fragment must be at most 60 MiB.');
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(request.headers['content-range'] ?? ''));
    const start = Number(range?.[1]);
    const end = Number(range?.[2]);
    const total = Number(range?.[3]);
    if (!range || end < start || end >= total || end - start + 1 !== size) {
      return oneDriveError(
        response,
        400,
        'invalidRange',
        'Content-Range is missing or does not match the body.',
      );
    }
    if (start !== upload.received || (upload.total !== undefined && upload.total !== total)) {
      return oneDriveError(
        response,
        416,
        'invalidRange',
        `Expected the range starting at ${upload.received}.`,
      );
    }
    upload.total = total;
    upload.chunks.push(body);
    upload.received += size;
    if (upload.received < total) {
      return sendJson(response, 202, {
        expirationDateTime: new Date(upload.expiresAt).toISOString(),
        nextExpectedRanges: [`${upload.received}-`],
      });
    }
    upload.complete = true;
    return sendJson(response, 201, {
      id: upload.info.uniqueId,
      name: upload.info.name,
      size: upload.received,
      file: { mimeType: upload.info.fileType === 'csv' ? 'text/csv' : 'application/octet-stream' },
      webUrl: upload.info.contentUrl,
    });
  }
}
