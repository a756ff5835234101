import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskPhone, maskPhonesInText } from '../../../src/rollout/phone-mask';
import { parsePhoneInput, preloadedPhone } from '../../../src/rollout/phone-number';

describe('maskPhone', () => {
  it('keeps the country code and the last three digits, in pairs', () => {
    assert.equal(maskPhone('+45 20123567'), '+45 •• •• •5 67');
    assert.equal(maskPhone('+1 4255550101'), '+1 •• •• •• •1 01');
  });

  it('never shows more than three digits of the national number', () => {
    for (const number of ['+45 20123456', '+49 15112345678', '+33 612345678']) {
      const national = maskPhone(number).split(' ').slice(1).join('');
      assert.equal(national.replace(/•/g, '').length, 3, number);
    }
  });

  it('masks numbers inside free text, in any common notation', () => {
    const text = maskPhonesInText('call +45 20 12 34 56 or +1 (425) 555-0101 now');
    assert.doesNotMatch(text, /2012|555-01|5550/);
    assert.match(text, /\+45 •• •• •4 56/);
  });
});

describe('parsePhoneInput', () => {
  it('turns a national number into Graph form using the default country', () => {
    const parsed = parsePhoneInput('20 12 34 56', 'DK');
    assert.deepEqual(parsed, {
      ok: true,
      graphNumber: '+45 20123456',
      masked: '+45 •• •• •4 56',
      country: 'DK',
    });
  });

  it('accepts 00 as an international prefix and a foreign number whatever the default country', () => {
    const parsed = parsePhoneInput('0049 151 12345678', 'DK');
    assert.ok(parsed.ok);
    assert.equal(parsed.graphNumber, '+49 15112345678');
  });

  it('accepts the area code in parentheses, as Americans write it', () => {
    const parsed = parsePhoneInput('(425) 555-0199', 'US');
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.graphNumber, '+1 4255550199');
    assert.equal(parsePhoneInput('+1 (425) 555-0199', 'DK').ok, true);
  });

  it('explains what is wrong', () => {
    assert.deepEqual(parsePhoneInput('', 'DK'), { ok: false, problem: 'empty' });
    assert.deepEqual(parsePhoneInput('call me', 'DK'), { ok: false, problem: 'not-a-number' });
    assert.deepEqual(parsePhoneInput('2012', 'DK'), { ok: false, problem: 'too-short' });
    assert.deepEqual(parsePhoneInput('20123456', undefined), { ok: false, problem: 'invalid-country' });
    assert.deepEqual(parsePhoneInput('+45 2012345678901234', undefined), { ok: false, problem: 'too-long' });
  });
});

describe('preloadedPhone', () => {
  it('prefers the mobile method and masks it', () => {
    const phone = preloadedPhone([
      { id: 'b', phoneType: 'alternateMobile', phoneNumber: '+45 20999999' },
      { id: 'a', phoneType: 'mobile', phoneNumber: '+45 20123567' },
    ]);
    assert.deepEqual(phone, { kind: 'present', masked: '+45 •• •• •5 67', phoneType: 'mobile' });
  });

  it('reports a number stored in a shape Graph would refuse as malformed', () => {
    assert.equal(
      preloadedPhone([{ id: 'a', phoneType: 'mobile', phoneNumber: '004520123456' }]).kind,
      'malformed',
    );
    assert.equal(
      preloadedPhone([{ id: 'a', phoneType: 'mobile', phoneNumber: '+45 2012' }]).kind,
      'malformed',
    );
    assert.equal(
      preloadedPhone([{ id: 'a', phoneType: 'mobile', phoneNumber: '+34 600 000 149' }]).kind,
      'malformed',
    );
    assert.equal(
      preloadedPhone([{ id: 'a', phoneType: 'mobile', phoneNumber: '+31 0612345656' }]).kind,
      'malformed',
    );
  });

  it('accepts an extension', () => {
    assert.equal(
      preloadedPhone([{ id: 'a', phoneType: 'mobile', phoneNumber: '+1 4255550101x12' }]).kind,
      'present',
    );
  });

  it('says none when only an office phone exists', () => {
    assert.deepEqual(preloadedPhone([{ id: 'o', phoneType: 'office', phoneNumber: '+45 33123456' }]), {
      kind: 'none',
    });
  });
});
