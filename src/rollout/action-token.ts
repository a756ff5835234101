import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Card buttons carry a signed, expiring token bound to its purpose (the kind of card), one wave, one
 * user and one card. The bot checks it and the clicker's identity, so a forged, copied, stale or
 * misused card action is refused.
 * (HMAC is computation, not I/O: the core stays pure.)
 */
export interface ActionClaims {
  waveId: string;
  userId: string;
  cardId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type TokenRefusal = 'malformed' | 'bad-signature' | 'expired';

export type TokenCheck = { ok: true; claims: ActionClaims } | { ok: false; reason: TokenRefusal };

/**
 * What a card's token may be used for; every card verb accepts exactly one (src/app/answer-card.ts):
 * - `awareness`: the user's own awareness card (confirm, dispute, add a number, snooze);
 * - `phone-approval`: the helpdesk card for a corrected number (approve, reject);
 * - `number-answer`: Yes / No under the phone dialog's "You typed … Is that right?".
 */
export type CardTokenPurpose = 'awareness' | 'phone-approval' | 'number-answer';

/**
 * An awareness card's token signs its payload alone (as it always has, so cards already sent stay
 * valid); any other purpose signs `<purpose>.<payload>`. A payload is base64url and never holds a
 * '.', so a token made for one purpose never verifies for another.
 */
type TokenPurpose = CardTokenPurpose | 'wave-start' | PreloadTokenPurpose | EnforceTokenPurpose;

function signature(payload: string, secret: string, purpose: TokenPurpose): Buffer {
  return createHmac('sha256', secret)
    .update(purpose === 'awareness' ? payload : `${purpose}.${payload}`)
    .digest();
}

export function signActionToken(claims: ActionClaims, secret: string, purpose: CardTokenPurpose): string {
  const payload = Buffer.from(
    JSON.stringify({ w: claims.waveId, u: claims.userId, c: claims.cardId, e: claims.exp }),
  ).toString('base64url');
  return `${payload}.${signature(payload, secret, purpose).toString('base64url')}`;
}

/** The payload of a well-formed token with a valid signature for `purpose`, or why not. */
function openToken(
  token: unknown,
  secret: string,
  purpose: TokenPurpose,
): { ok: true; decoded: Record<string, unknown> } | { ok: false; reason: TokenRefusal } {
  if (typeof token !== 'string' || token.length > 1024) return { ok: false, reason: 'malformed' };
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = signature(payload, secret, purpose);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!decoded || typeof decoded !== 'object') return { ok: false, reason: 'malformed' };
    return { ok: true, decoded: decoded as Record<string, unknown> };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

export function verifyActionToken(
  token: unknown,
  secret: string,
  now: Date,
  purpose: CardTokenPurpose,
): TokenCheck {
  const opened = openToken(token, secret, purpose);
  if (!opened.ok) return opened;
  const { w, u, c, e } = opened.decoded;
  if (typeof w !== 'string' || typeof u !== 'string' || typeof c !== 'string' || typeof e !== 'number') {
    return { ok: false, reason: 'malformed' };
  }
  if (e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { waveId: w, userId: u, cardId: c, exp: e } };
}

/**
 * The "start the wave with the others" button of an overlap warning: names one stored start
 * request and nothing else, so it can only start that wave, and no other card's token can.
 */
export interface WaveStartClaims {
  requestId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type WaveStartTokenCheck = { ok: true; claims: WaveStartClaims } | { ok: false; reason: TokenRefusal };

export function signWaveStartToken(claims: WaveStartClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ r: claims.requestId, e: claims.exp })).toString('base64url');
  return `${payload}.${signature(payload, secret, 'wave-start').toString('base64url')}`;
}

export function verifyWaveStartToken(token: unknown, secret: string, now: Date): WaveStartTokenCheck {
  const opened = openToken(token, secret, 'wave-start');
  if (!opened.ok) return opened;
  const { r, e } = opened.decoded;
  if (typeof r !== 'string' || typeof e !== 'number') return { ok: false, reason: 'malformed' };
  if (e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { requestId: r, exp: e } };
}

/**
 * The buttons of a preload from Teams, each bound to one stored dry run (`preloadId`) and nothing else:
 * - `preload-apply`: Apply on the dry-run card (an admin's click queues the writes);
 * - `preload-report`: the context of the FileConsentCard offering that dry run's report as a file.
 */
export type PreloadTokenPurpose = 'preload-apply' | 'preload-report';

/**
 * Enforcement buttons, each bound to the one thing it acts on:
 * - `enforce-wave`: the digest's Enforce and Undo buttons (a wave);
 * - `enforce-undo`: Undo on the undo confirmation (a wave);
 * - `enforce-preview`: Confirm / Cancel on a preview card (one stored plan);
 * - `enforce-approval`: Approve on the second admin's card in the admin channel (one stored plan).
 * A token of one purpose never verifies as another, so an approval cannot be forged from a preview.
 */
export type EnforceTokenPurpose = 'enforce-wave' | 'enforce-undo' | 'enforce-preview' | 'enforce-approval';

/** Tokens bound to one stored thing (a dry run, a plan, a wave) and a purpose, not to a user's card. */
type SubjectTokenPurpose = PreloadTokenPurpose | EnforceTokenPurpose;

type SubjectTokenCheck = { ok: true; subject: string; exp: number } | { ok: false; reason: TokenRefusal };

function signSubjectToken(
  subject: string,
  exp: number,
  secret: string,
  purpose: SubjectTokenPurpose,
): string {
  const payload = Buffer.from(JSON.stringify({ s: subject, e: exp })).toString('base64url');
  return `${payload}.${signature(payload, secret, purpose).toString('base64url')}`;
}

function verifySubjectToken(
  token: unknown,
  secret: string,
  now: Date,
  purpose: SubjectTokenPurpose,
): SubjectTokenCheck {
  const opened = openToken(token, secret, purpose);
  if (!opened.ok) return opened;
  const { s, e } = opened.decoded;
  if (typeof s !== 'string' || s === '' || typeof e !== 'number') return { ok: false, reason: 'malformed' };
  if (e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, subject: s, exp: e };
}

export interface PreloadClaims {
  preloadId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type PreloadTokenCheck = { ok: true; claims: PreloadClaims } | { ok: false; reason: TokenRefusal };

export function signPreloadToken(
  claims: PreloadClaims,
  secret: string,
  purpose: PreloadTokenPurpose,
): string {
  return signSubjectToken(claims.preloadId, claims.exp, secret, purpose);
}

export function verifyPreloadToken(
  token: unknown,
  secret: string,
  now: Date,
  purpose: PreloadTokenPurpose,
): PreloadTokenCheck {
  const check = verifySubjectToken(token, secret, now, purpose);
  return check.ok ? { ok: true, claims: { preloadId: check.subject, exp: check.exp } } : check;
}

export interface EnforceClaims {
  /** The wave id (`enforce-wave`, `enforce-undo`) or the plan id (`enforce-preview`, `enforce-approval`). */
  subject: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type EnforceTokenCheck = { ok: true; claims: EnforceClaims } | { ok: false; reason: TokenRefusal };

export function signEnforceToken(
  claims: EnforceClaims,
  secret: string,
  purpose: EnforceTokenPurpose,
): string {
  return signSubjectToken(claims.subject, claims.exp, secret, purpose);
}

export function verifyEnforceToken(
  token: unknown,
  secret: string,
  now: Date,
  purpose: EnforceTokenPurpose,
): EnforceTokenCheck {
  const check = verifySubjectToken(token, secret, now, purpose);
  return check.ok ? { ok: true, claims: { subject: check.subject, exp: check.exp } } : check;
}
