import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A phone number a user typed, while it waits (for their "yes, that's right", or for the helpdesk's
 * approval), is kept only sealed: AES-256-GCM with a key derived (HKDF-SHA256) from the action token
 * secret. The clear number never sits in Redis, in job data or in a log line.
 *
 * The sealed text is bound to what it is about (`context`, e.g. wave + user + request id) as
 * additional authenticated data: a sealed number copied onto another user's request does not open.
 * (Cryptography is computation, not I/O: the core stays pure.)
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = 'mfa-rollout-bot/pending-phone';
const INFO = 'aes-256-gcm/v1';

export class SealedPhoneError extends Error {
  constructor() {
    // Never says more: the caller treats it as "this sealed value is not ours or was tampered with".
    super('sealed phone number could not be opened');
    this.name = 'SealedPhoneError';
  }
}

const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  if (!secret) throw new Error('a secret is required to seal phone numbers');
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, SALT, INFO, 32));
    keys.set(secret, key);
  }
  return key;
}

/** `v1.<iv>.<ciphertext>.<tag>`, base64url parts; a fresh random IV every time. */
export function sealPhone(phoneNumber: string, secret: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(phoneNumber, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), sealed.toString('base64url'), tag.toString('base64url')].join(
    '.',
  );
}

/** The clear number, or SealedPhoneError for anything tampered with, sealed under another context or key. */
export function openPhone(sealed: string, secret: string, context: string): string {
  const [version, ivText, bodyText, tagText, extra] = typeof sealed === 'string' ? sealed.split('.') : [];
  if (version !== VERSION || !ivText || bodyText === undefined || !tagText || extra !== undefined) {
    throw new SealedPhoneError();
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SealedPhoneError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SealedPhoneError();
  }
}

/** The context a pending helpdesk request is sealed under. */
export function pendingCorrectionContext(waveId: string, userId: string, requestId: string): string {
  return `pending-correction\n${waveId}\n${userId}\n${requestId}`;
}

/** The context a number is sealed under while the user's own dialog asks "is that right?". */
export function dialogContext(waveId: string, userId: string): string {
  return `phone-dialog\n${waveId}\n${userId}`;
}
