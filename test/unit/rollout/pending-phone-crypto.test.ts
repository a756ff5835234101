import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  openPhone,
  pendingCorrectionContext,
  SealedPhoneError,
  sealPhone,
} from '../../../src/rollout/pending-phone-crypto';

const SECRET = 'a-test-secret-that-is-long-enough-for-hkdf';
const NUMBER = '+45 20987654';
const context = pendingCorrectionContext('w1', 'u1', 'r1');

describe('sealed phone numbers (AES-256-GCM, HKDF key)', () => {
  it('opens what it sealed, and the sealed text holds no digits of the number', () => {
    const sealed = sealPhone(NUMBER, SECRET, context);
    assert.equal(openPhone(sealed, SECRET, context), NUMBER);
    assert.doesNotMatch(sealed, /20987654|2098/);
    assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('uses a fresh IV every time', () => {
    assert.notEqual(sealPhone(NUMBER, SECRET, context), sealPhone(NUMBER, SECRET, context));
  });

  it('refuses another context (a sealed number moved to another user or request)', () => {
    const sealed = sealPhone(NUMBER, SECRET, context);
    assert.throws(
      () => openPhone(sealed, SECRET, pendingCorrectionContext('w1', 'u2', 'r1')),
      SealedPhoneError,
    );
    assert.throws(
      () => openPhone(sealed, SECRET, pendingCorrectionContext('w1', 'u1', 'r2')),
      SealedPhoneError,
    );
  });

  it('refuses another secret, a tampered text and garbage', () => {
    const sealed = sealPhone(NUMBER, SECRET, context);
    assert.throws(() => openPhone(sealed, `${SECRET}x`, context), SealedPhoneError);
    const [v, iv, body, tag] = sealed.split('.') as [string, string, string, string];
    const flipped = `${body.slice(0, -2)}${body.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.throws(() => openPhone([v, iv, flipped, tag].join('.'), SECRET, context), SealedPhoneError);
    assert.throws(() => openPhone('v1.abc', SECRET, context), SealedPhoneError);
    assert.throws(() => openPhone('', SECRET, context), SealedPhoneError);
  });
});
