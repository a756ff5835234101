import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCard, SUPPORTED_LOCALES, translate, UnmaskedPhoneError } from '../../../src/cards';
import { composeSnoozedCard } from '../../../src/cards/user-cards';
import {
  allText,
  awarenessData,
  CLEAR_PHONE_DIGITS,
  confirmedData,
  LOCALE_TAGS,
  MASKED_PHONE,
  nodesOfType,
  TOKEN,
} from './fixtures';

function verbs(card: unknown): string[] {
  return nodesOfType(card, 'Action.Execute').map((action) => String(action.verb));
}

describe('awareness card', () => {
  it('shows the masked number and asks to confirm or dispute it', () => {
    const card = expandCard('awareness', awarenessData({ snoozeAllowed: false }), 'en');
    const text = allText(card);
    assert.ok(text.includes(MASKED_PHONE));
    // Not as typed, and not spread out with separators either.
    assert.ok(!text.includes(CLEAR_PHONE_DIGITS));
    assert.doesNotMatch(text, new RegExp([...CLEAR_PHONE_DIGITS].join('[\\s.-]*')));
    assert.deepEqual(verbs(card), ['phone.confirm', 'phone.dispute']);
    const titles = nodesOfType(card.actions, 'Action.Execute').map((action) => action.title);
    assert.deepEqual(titles, ["Yes, that's my number", "That's not my number"]);
    assert.equal(nodesOfType(card, 'Action.OpenUrl').length, 0);
  });

  it('says whose number it is: IT preloaded it, or the user gave it in a correction', () => {
    const preloaded = allText(expandCard('awareness', awarenessData(), 'en'));
    assert.match(preloaded, /IT has added this mobile number to your account/);
    const given = allText(expandCard('awareness', awarenessData({ phoneGivenByUser: true }), 'en'));
    assert.match(given, /This is the mobile number you gave us/);
    assert.doesNotMatch(given, /IT has added/);
    const givenFr = allText(expandCard('awareness', awarenessData({ phoneGivenByUser: true }), 'fr'));
    assert.match(givenFr, /le numéro de mobile que vous nous avez indiqué/);
  });

  it('says what changes, when and why, in the reader’s language', () => {
    const en = allText(expandCard('awareness', awarenessData(), 'en'));
    assert.match(en, /From 1 December 2026, Contoso requires multifactor authentication \(MFA\)/);
    assert.match(en, /Why\? Passwords get guessed/);
    const da = allText(expandCard('awareness', awarenessData(), 'da-DK'));
    assert.match(da, /Fra den 1\. december 2026 kræver Contoso multifaktorgodkendelse/);
    assert.match(da, /Ja, det er mit nummer/);
    const de = allText(expandCard('awareness', awarenessData(), 'de'));
    assert.match(de, /Ab dem 1\. Dezember 2026 verlangt Contoso/);
    const fr = allText(expandCard('awareness', awarenessData(), 'fr-FR'));
    assert.match(fr, /À partir du 1er décembre 2026, Contoso exige/);
    const es = allText(expandCard('awareness', awarenessData(), 'es-419'));
    assert.match(es, /A partir del 1 de diciembre de 2026, Contoso exigirá/);
  });

  it('recommends Authenticator or a passkey, names the SMS/voice retirement, links help and warns about phishing', () => {
    const text = allText(expandCard('awareness', awarenessData(), 'en'));
    assert.match(text, /Microsoft Authenticator app, or signing in with a passkey/);
    assert.match(text, /on 1 February 2027/);
    assert.match(text, /stays on your account as a backup/);
    assert.match(text, /IT will never ask you for a code or your password/);
    assert.match(text, /tell IT Service Desk, ext\. 4000\./);
    assert.match(text, /\[Common problems with two-step verification\]\(https:\/\/support\.microsoft\.com\//);
    assert.match(text, /\(https:\/\/aka\.ms\/mysecurityinfo\)/);
  });

  it('without a preloaded number, says so and offers setup and adding a number', () => {
    const card = expandCard('awareness', awarenessData({ phone: undefined, snoozeAllowed: false }), 'en');
    const text = allText(card);
    assert.match(text, /There is no mobile number on your account yet/);
    assert.doesNotMatch(text, /IT has added this mobile number/);
    assert.deepEqual(verbs(card), ['phone.add']);
    const [openUrl] = nodesOfType(card.actions, 'Action.OpenUrl');
    assert.equal(openUrl?.title, 'Set up Microsoft Authenticator');
    assert.equal(openUrl?.url, 'https://aka.ms/mysecurityinfo');
  });

  it('treats an empty phone as no phone', () => {
    const card = expandCard('awareness', awarenessData({ phone: '  ' }), 'en');
    assert.ok(verbs(card).includes('phone.add'));
  });

  it('offers "Remind me tomorrow" only when snooze is allowed', () => {
    for (const phone of [MASKED_PHONE, undefined]) {
      const allowed = expandCard('awareness', awarenessData({ phone, snoozeAllowed: true }), 'en');
      const refused = expandCard('awareness', awarenessData({ phone, snoozeAllowed: false }), 'en');
      assert.ok(verbs(allowed).includes('reminder.snooze'));
      assert.ok(allText(allowed).includes('Remind me tomorrow'));
      assert.ok(!verbs(refused).includes('reminder.snooze'));
      assert.ok(!allText(refused).includes('Remind me tomorrow'));
    }
  });

  it('says when a snoozed card comes back: "tomorrow" only for 24 hours, in every language', () => {
    const button = (snoozeHours: number, locale = 'en') =>
      nodesOfType(expandCard('awareness', awarenessData({ snoozeHours }), locale), 'Action.Execute').find(
        (action) => action.verb === 'reminder.snooze',
      )?.title;
    assert.equal(button(24), 'Remind me tomorrow');
    assert.equal(button(6), 'Remind me in 6 hours');
    assert.equal(button(1), 'Remind me in 1 hour');
    assert.equal(button(0.04), 'Remind me in 2 minutes');
    assert.equal(button(48), 'Remind me in 2 days');
    assert.equal(button(36), 'Remind me in 36 hours');
    for (const locale of SUPPORTED_LOCALES) {
      const shown = [24, 6, 0.04, 48].map((hours) => button(hours, locale));
      assert.equal(new Set(shown).size, shown.length, `${locale}: ${shown.join(' / ')}`);
    }
    // A label starts with a capital letter, whatever word the time starts with.
    assert.equal(button(24, 'de'), 'Morgen erinnern');
    assert.equal(button(6, 'de'), 'In 6 Stunden erinnern');
  });

  it('answers a snooze with when the card comes back', () => {
    const notice = (snoozeHours: number, locale = 'en') =>
      allText(composeSnoozedCard({ snoozeHours, locale }).content);
    assert.match(notice(24), /We'll remind you tomorrow[\s\S]*You'll get this card again tomorrow\./);
    assert.match(
      notice(0.04),
      /We'll remind you in 2 minutes[\s\S]*You'll get this card again in 2 minutes\./,
    );
    assert.doesNotMatch(notice(3), /tomorrow/);
    for (const locale of SUPPORTED_LOCALES) {
      assert.notEqual(notice(24, locale), notice(3, locale), locale);
    }
  });

  it('puts the token in every action and its fallback', () => {
    const card = expandCard('awareness', awarenessData(), 'en');
    for (const action of nodesOfType(card, 'Action.Execute')) {
      assert.deepEqual(action.data, { token: TOKEN });
      assert.deepEqual((action.fallback as { data: unknown }).data, { verb: action.verb, token: TOKEN });
    }
  });

  it('falls back to a generic helpdesk phrase', () => {
    const text = allText(expandCard('awareness', awarenessData({ helpdeskContact: undefined }), 'de'));
    assert.match(text, /informieren Sie Ihren IT-Helpdesk\./);
  });

  it('refuses a phone number that is not masked', () => {
    for (const phone of ['+45 20123456', '+4520123456', '20 12 34 56']) {
      assert.throws(() => expandCard('awareness', awarenessData({ phone }), 'en'), UnmaskedPhoneError);
      assert.throws(
        () => expandCard('awareness-confirmed', confirmedData({ phone }), 'en'),
        UnmaskedPhoneError,
      );
    }
  });

  it('refuses an empty token', () => {
    assert.throws(
      () => expandCard('awareness', awarenessData({ token: '' }), 'en'),
      /action token is required/,
    );
  });
});

describe('awareness-confirmed card', () => {
  it('thanks, shows the masked number, what happens next, one line toward Authenticator, and no button that acts again', () => {
    const card = expandCard('awareness-confirmed', confirmedData(), 'en');
    const text = allText(card);
    assert.match(text, /Thank you, your number is confirmed/);
    assert.ok(text.includes(MASKED_PHONE));
    assert.match(text, /From 1 December 2026, signing in to your work account takes a second step/);
    assert.match(
      text,
      /the Microsoft Authenticator app or a passkey, which keep working after .* 1 February 2027/,
    );
    assert.equal(nodesOfType(card, 'Action.Execute', 'Action.Submit').length, 0);
    assert.equal(nodesOfType(card, 'Action.OpenUrl').length, 1);
  });

  it('says what happened: confirmed on the card, saved at once, or approved by the helpdesk', () => {
    const heading = (how: 'confirmed' | 'saved' | 'approved', locale = 'en') =>
      String(
        nodesOfType(expandCard('awareness-confirmed', confirmedData({ how }), locale), 'TextBlock')[0]?.text,
      );
    assert.equal(heading('confirmed'), 'Thank you, your number is confirmed');
    assert.equal(heading('saved'), 'Your new number is saved');
    assert.equal(heading('approved'), 'The helpdesk approved your new number');
    assert.equal(heading('approved', 'da-DK'), 'Helpdesken har godkendt dit nye nummer');
    assert.equal(heading('saved', 'es-419'), 'Tu nuevo número está guardado');
  });

  /** The word for "confirm" in each language, as the card would say it more than once. */
  const CONFIRM_WORD: Record<string, RegExp> = {
    en: /confirm/gi,
    da: /bekræft/gi,
    de: /bestätig/gi,
    fr: /confirm/gi,
    es: /confirm/gi,
  };

  for (const locale of LOCALE_TAGS) {
    it(`says everything once, short and final · ${locale}`, () => {
      const language = locale.slice(0, 2);
      for (const how of ['confirmed', 'saved', 'approved'] as const) {
        const card = expandCard('awareness-confirmed', confirmedData({ how }), locale);
        // What the body says, one line per element (a RichTextBlock's runs read as one line).
        const lines = (card.body as unknown[]).map((element) => allText(element));
        assert.equal(lines.length, 4, `${how}: heading, number, what happens next, Authenticator`);
        assert.equal(new Set(lines).size, lines.length, `${how}: a line is repeated`);
        const body = lines.join('\n');
        assert.ok((body.match(CONFIRM_WORD[language]!) ?? []).length <= 1, `${how}: "confirmed" said twice`);
        assert.equal(
          lines.filter((line) => /Authenticator|passkey|adgangsnøgle|clé d'accès|clave de acceso/i.test(line))
            .length,
          1,
          `${how}: one line toward Authenticator or a passkey`,
        );
        // Nothing of the awareness card comes back: not its pitch, its links or its warning.
        for (const key of ['common.recommendBody', 'common.phishing', 'awareness.why'] as const) {
          const sentence = translate(locale, key, { retirementDate: '', helpdesk: '' }).slice(0, 30);
          assert.ok(!body.includes(sentence), `${how}: repeats ${key}`);
        }
        assert.doesNotMatch(JSON.stringify(card), /\]\(https:/, `${how}: no link lines`);
      }
    });
  }
});

describe('brief awareness card (after a correction that did not go through)', () => {
  for (const locale of LOCALE_TAGS) {
    it(`has what to do and the buttons, not the explanation read already · ${locale}`, () => {
      const full = expandCard('awareness', awarenessData(), locale);
      const brief = expandCard('awareness', awarenessData({ brief: true }), locale);
      const fullText = allText(full);
      const briefText = allText(brief);
      assert.ok(briefText.includes(MASKED_PHONE));
      assert.deepEqual(verbs(brief), verbs(full), 'the same buttons');
      assert.equal(
        String(nodesOfType(brief, 'TextBlock')[0]?.text),
        translate(locale, 'awareness.todoHeading'),
        'it leads with what to do',
      );
      for (const key of [
        'awareness.heading',
        'awareness.why',
        'common.recommendHeading',
        'common.helpHeading',
      ] as const) {
        const sentence = translate(locale, key);
        assert.ok(fullText.includes(sentence), `the full card has ${key}`);
        assert.ok(!briefText.includes(sentence), `the brief card repeats ${key}`);
      }
      assert.doesNotMatch(JSON.stringify(brief), /\]\(https:/, 'no link lines');
      assert.ok(JSON.stringify(brief).length < JSON.stringify(full).length / 2);
      const noPhone = allText(
        expandCard('awareness', awarenessData({ brief: true, phone: undefined }), locale),
      );
      assert.ok(noPhone.includes(translate(locale, 'awareness.noPhone')));
    });
  }
});
