import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  type EnforceTokenPurpose,
  signActionToken,
  signEnforceToken,
  signPreloadToken,
  signWaveStartToken,
  verifyActionToken,
  verifyEnforceToken,
  verifyPreloadToken,
  verifyWaveStartToken,
} from '../../../src/rollout/action-token';

const secret = 'a-test-secret-that-is-long-enough-123456';
const now = new Date('2026-11-23T10:00:00Z');
const claims = { waveId: 'w1', userId: 'u1', cardId: 'c1', exp: now.getTime() / 1000 + 60 };

describe('action tokens', () => {
  it('round-trips its claims', () => {
    assert.deepEqual(
      verifyActionToken(signActionToken(claims, secret, 'awareness'), secret, now, 'awareness'),
      { ok: true, claims },
    );
  });

  it('refuses a token signed with another secret', () => {
    const token = signActionToken(claims, 'another-secret-another-secret-another', 'awareness');
    assert.deepEqual(verifyActionToken(token, secret, now, 'awareness'), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a token whose claims were edited (another user)', () => {
    const [, mac] = signActionToken(claims, secret, 'awareness').split('.');
    const forged = Buffer.from(JSON.stringify({ w: 'w1', u: 'attacker', c: 'c1', e: claims.exp })).toString(
      'base64url',
    );
    assert.deepEqual(verifyActionToken(`${forged}.${mac}`, secret, now, 'awareness'), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses an expired token', () => {
    const token = signActionToken({ ...claims, exp: now.getTime() / 1000 - 1 }, secret, 'awareness');
    assert.deepEqual(verifyActionToken(token, secret, now, 'awareness'), { ok: false, reason: 'expired' });
  });

  it('refuses garbage', () => {
    for (const junk of [undefined, 42, '', 'abc', 'a.b.c', `${'x'.repeat(2000)}.y`]) {
      assert.equal(verifyActionToken(junk, secret, now, 'awareness').ok, false, String(junk));
    }
  });
});

describe('a card token is bound to its purpose', () => {
  const purposes = ['awareness', 'phone-approval', 'number-answer'] as const;

  it('verifies for the purpose it was signed for, and for no other', () => {
    for (const signedFor of purposes) {
      const token = signActionToken(claims, secret, signedFor);
      for (const checkedAs of purposes) {
        const check = verifyActionToken(token, secret, now, checkedAs);
        if (checkedAs === signedFor) assert.deepEqual(check, { ok: true, claims }, signedFor);
        else assert.deepEqual(check, { ok: false, reason: 'bad-signature' }, `${signedFor} as ${checkedAs}`);
      }
    }
  });

  it('an awareness token stays the payload and its bare signature, so cards already sent keep working', () => {
    const token = signActionToken(claims, secret, 'awareness');
    const [payload, mac] = token.split('.');
    const bare = createHmac('sha256', secret).update(payload!).digest('base64url');
    assert.equal(mac, bare);
  });
});

describe("wave start tokens (the overlap warning's button)", () => {
  const offer = { requestId: 'a1b2c3', exp: now.getTime() / 1000 + 60 };

  it('round-trips its claims and expires', () => {
    assert.deepEqual(verifyWaveStartToken(signWaveStartToken(offer, secret), secret, now), {
      ok: true,
      claims: offer,
    });
    const late = new Date(now.getTime() + 61_000);
    assert.deepEqual(verifyWaveStartToken(signWaveStartToken(offer, secret), secret, late), {
      ok: false,
      reason: 'expired',
    });
  });

  it('is not a card token, and a card token is not one: each verifies for its own purpose only', () => {
    assert.deepEqual(verifyActionToken(signWaveStartToken(offer, secret), secret, now, 'awareness'), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.deepEqual(verifyWaveStartToken(signActionToken(claims, secret, 'awareness'), secret, now), {
      ok: false,
      reason: 'bad-signature',
    });
    // Same payload fields signed as a card token: still refused as a wave start.
    const payload = Buffer.from(JSON.stringify({ r: 'a1b2c3', e: offer.exp })).toString('base64url');
    const [, cardMac] = signActionToken(claims, secret, 'awareness').split('.');
    assert.equal(verifyWaveStartToken(`${payload}.${cardMac}`, secret, now).ok, false);
  });
});

describe('preload tokens (Apply on the dry-run card, the report file offer)', () => {
  const preload = { preloadId: 'p1', exp: now.getTime() / 1000 + 60 };

  it('round-trips its claims and expires', () => {
    const token = signPreloadToken(preload, secret, 'preload-apply');
    assert.deepEqual(verifyPreloadToken(token, secret, now, 'preload-apply'), { ok: true, claims: preload });
    const later = new Date(now.getTime() + 61_000);
    assert.deepEqual(verifyPreloadToken(token, secret, later, 'preload-apply'), {
      ok: false,
      reason: 'expired',
    });
  });

  it('verifies for its own purpose only: not the report offer, not a wave start, not a card', () => {
    const apply = signPreloadToken(preload, secret, 'preload-apply');
    assert.deepEqual(verifyPreloadToken(apply, secret, now, 'preload-report'), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.equal(verifyWaveStartToken(apply, secret, now).ok, false);
    assert.equal(verifyActionToken(apply, secret, now, 'awareness').ok, false);
    const start = signWaveStartToken({ requestId: 'p1', exp: preload.exp }, secret);
    assert.equal(verifyPreloadToken(start, secret, now, 'preload-apply').ok, false);
    const card = signActionToken(claims, secret, 'phone-approval');
    assert.equal(verifyPreloadToken(card, secret, now, 'preload-apply').ok, false);
  });

  it('refuses a token whose preload id was edited', () => {
    const [, mac] = signPreloadToken(preload, secret, 'preload-apply').split('.');
    const edited = Buffer.from(JSON.stringify({ s: 'p2', e: preload.exp })).toString('base64url');
    assert.deepEqual(verifyPreloadToken(`${edited}.${mac}`, secret, now, 'preload-apply'), {
      ok: false,
      reason: 'bad-signature',
    });
  });
});

describe('enforcement tokens (digest, preview, approval, undo)', () => {
  const plan = { subject: 'plan-1', exp: now.getTime() / 1000 + 60 };
  const purposes: EnforceTokenPurpose[] = [
    'enforce-wave',
    'enforce-undo',
    'enforce-preview',
    'enforce-approval',
  ];

  it('round-trips the plan (or wave) it is bound to, and expires', () => {
    const token = signEnforceToken(plan, secret, 'enforce-preview');
    assert.deepEqual(verifyEnforceToken(token, secret, now, 'enforce-preview'), { ok: true, claims: plan });
    const late = new Date(now.getTime() + 61_000);
    assert.deepEqual(verifyEnforceToken(token, secret, late, 'enforce-preview'), {
      ok: false,
      reason: 'expired',
    });
  });

  it('verifies for the purpose it was signed for, and for no other (a preview token cannot approve)', () => {
    for (const signedFor of purposes) {
      const token = signEnforceToken(plan, secret, signedFor);
      for (const checkedAs of purposes) {
        const check = verifyEnforceToken(token, secret, now, checkedAs);
        if (checkedAs === signedFor) assert.equal(check.ok, true, signedFor);
        else assert.deepEqual(check, { ok: false, reason: 'bad-signature' }, `${signedFor} as ${checkedAs}`);
      }
      assert.equal(verifyActionToken(token, secret, now, 'awareness').ok, false);
      assert.equal(verifyWaveStartToken(token, secret, now).ok, false);
    }
    for (const card of ['awareness', 'phone-approval', 'number-answer'] as const) {
      const token = signActionToken(claims, secret, card);
      for (const purpose of purposes) assert.equal(verifyEnforceToken(token, secret, now, purpose).ok, false);
    }
  });

  it('never takes a preload token for an enforcement one, or back, though both carry one id', () => {
    const preloadToken = signPreloadToken({ preloadId: 'x1', exp: plan.exp }, secret, 'preload-apply');
    for (const purpose of purposes) {
      assert.deepEqual(verifyEnforceToken(preloadToken, secret, now, purpose), {
        ok: false,
        reason: 'bad-signature',
      });
      const enforceToken = signEnforceToken({ subject: 'x1', exp: plan.exp }, secret, purpose);
      for (const preloadPurpose of ['preload-apply', 'preload-report'] as const) {
        assert.equal(verifyPreloadToken(enforceToken, secret, now, preloadPurpose).ok, false, purpose);
      }
    }
  });

  it('refuses another plan id under the same signature, and garbage', () => {
    const [, mac] = signEnforceToken(plan, secret, 'enforce-approval').split('.');
    const forged = Buffer.from(JSON.stringify({ s: 'plan-2', e: plan.exp })).toString('base64url');
    assert.deepEqual(verifyEnforceToken(`${forged}.${mac}`, secret, now, 'enforce-approval'), {
      ok: false,
      reason: 'bad-signature',
    });
    for (const junk of [undefined, 42, '', 'abc', 'a.b.c']) {
      assert.equal(verifyEnforceToken(junk, secret, now, 'enforce-wave').ok, false, String(junk));
    }
  });
});
