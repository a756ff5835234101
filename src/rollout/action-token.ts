import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Card buttons carry a signed, expiring token bound to one wave, one user and one card. The bot
 * checks it and the clicker's identity, so a forged, copied or stale card action is refused.
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

function signature(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

export function signActionToken(claims: ActionClaims, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify({ w: claims.waveId, u: claims.userId, c: claims.cardId, e: claims.exp }),
  ).toString('base64url');
  return `${payload}.${signature(payload, secret).toString('base64url')}`;
}

export function verifyActionToken(token: unknown, secret: string, now: Date): TokenCheck {
  if (typeof token !== 'string' || token.length > 1024) return { ok: false, reason: 'malformed' };
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = signature(payload, secret);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  let decoded: { w?: unknown; u?: unknown; c?: unknown; e?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { w, u, c, e } = decoded;
  if (typeof w !== 'string' || typeof u !== 'string' || typeof c !== 'string' || typeof e !== 'number') {
    return { ok: false, reason: 'malformed' };
  }
  if (e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { waveId: w, userId: u, cardId: c, exp: e } };
}
