import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MENU_QUESTIONS } from '../../../../src/bot/help/answers';
import { HELP_INTENTS, type HelpIntent } from '../../../../src/bot/help/intents';
import { matchHelpIntent, matchHelpQuestion } from '../../../../src/bot/help/match-question';
import { helpRules } from '../../../../src/bot/help/phrasebook';
import { questionLanguage } from '../../../../src/bot/help/question-language';
import { normaliseQuestion } from '../../../../src/bot/help/question-text';
import { SUPPORTED_LOCALES, type SupportedLocale, translate } from '../../../../src/cards';

/** What people actually type, per intent and language: each must match, with and without the locale. */
const PHRASINGS: Record<HelpIntent, Record<SupportedLocale, string[]>> = {
  'what-is-mfa': {
    en: [
      'What is MFA?',
      "what's 2FA",
      'What does multi-factor authentication mean?',
      'explain two-step verification',
    ],
    da: [
      'Hvad er MFA?',
      'hvad betyder multifaktorgodkendelse',
      'Forklar totrinsbekræftelse',
      'hvad er to-faktor?',
    ],
    de: [
      'Was ist MFA?',
      'Was bedeutet Multi-Faktor-Authentifizierung?',
      'Erklär mir die Zwei-Faktor-Anmeldung',
      'was heißt mfa',
    ],
    fr: ["Qu'est-ce que la MFA ?", "c'est quoi la double authentification", 'Que signifie MFA ?', 'MFA ?'],
    es: [
      '¿Qué es MFA?',
      '¿Qué significa autenticación multifactor?',
      'explícame la verificación en dos pasos',
      'que es el 2FA',
    ],
  },
  why: {
    en: ['Why are we doing this?', 'why do I need it', "what's the point?", 'Is this mandatory?'],
    da: [
      'Hvorfor gør vi det her?',
      'hvorfor skal jeg det?',
      'Hvad skal det gøre godt for?',
      'er det obligatorisk',
    ],
    de: [
      'Warum machen wir das?',
      'Wozu brauche ich das?',
      'Ist das Pflicht?',
      'muss ich das wirklich machen',
    ],
    fr: [
      'Pourquoi faisons-nous cela ?',
      'À quoi ça sert ?',
      'Est-ce obligatoire ?',
      'pourquoi je dois faire ça',
    ],
    es: ['¿Por qué hacemos esto?', '¿Para qué sirve?', '¿Es obligatorio?', 'porque tengo que hacer esto'],
  },
  'is-it-real': {
    en: [
      'Is this message real?',
      'is this phishing',
      'Is this a scam?',
      'can I trust this bot?',
      'who are you',
    ],
    da: ['Er denne besked ægte?', 'er det phishing?', 'Er det svindel', 'kan jeg stole på det?'],
    de: ['Ist diese Nachricht echt?', 'Ist das Phishing?', 'ist das Betrug', 'Kann ich dem vertrauen?'],
    fr: [
      'Ce message est-il authentique ?',
      "C'est du phishing ?",
      'Est-ce une arnaque ?',
      'je peux vous faire confiance ?',
    ],
    es: ['¿Es real este mensaje?', '¿Es phishing?', '¿Es una estafa?', '¿puedo fiarme de esto?'],
  },
  'lost-phone': {
    en: [
      'I lost my phone',
      'My phone was stolen',
      'I got a new phone',
      'I changed my number',
      "I can't find my phone",
    ],
    da: [
      'Jeg har mistet min telefon',
      'min mobil er blevet stjålet',
      'Jeg har fået en ny telefon',
      'jeg har skiftet nummer',
    ],
    de: [
      'Ich habe mein Handy verloren',
      'Telefon gestohlen',
      'Ich habe ein neues Handy',
      'Meine Nummer hat sich geändert',
    ],
    fr: [
      "J'ai perdu mon téléphone",
      "On m'a volé mon portable",
      "J'ai un nouveau téléphone",
      "j'ai changé de numéro",
    ],
    es: ['He perdido mi móvil', 'Me robaron el celular', 'tengo un teléfono nuevo', 'Cambié de número'],
  },
  authenticator: {
    en: [
      'How do I set up the Authenticator app?',
      'How do I add a passkey',
      'install authenticator',
      'Where do I download the app?',
    ],
    da: [
      'Hvordan sætter jeg Authenticator-appen op?',
      'Hvordan laver jeg en adgangsnøgle?',
      'installer appen',
    ],
    de: [
      'Wie richte ich die Authenticator-App ein?',
      'Passkey einrichten',
      'Wo kann ich die App herunterladen?',
    ],
    fr: [
      "Comment configurer l'application Authenticator ?",
      "Comment créer une clé d'accès ?",
      "installer l'appli",
    ],
    es: [
      '¿Cómo configuro la aplicación Authenticator?',
      '¿Cómo creo una clave de acceso?',
      'descargar la app',
    ],
  },
  'sms-retirement': {
    en: [
      'What happens in February 2027?',
      'Will SMS stop?',
      'are text message codes going away',
      'SMS retirement',
    ],
    da: ['Hvad sker der i februar 2027?', 'Stopper sms?', 'forsvinder sms-koderne', 'udfases sms'],
    de: [
      'Was passiert im Februar 2027?',
      'Wird die SMS abgeschaltet?',
      'keine SMS mehr?',
      'fällt die SMS weg',
    ],
    fr: [
      'Que se passe-t-il en février 2027 ?',
      "Les SMS vont-ils s'arrêter ?",
      'fin des SMS ?',
      'les SMS seront supprimés ?',
    ],
    es: [
      '¿Qué pasa en febrero de 2027?',
      '¿Se acaban los SMS?',
      '¿Dejará de funcionar el SMS?',
      'retirada de los sms',
    ],
  },
  privacy: {
    en: [
      'What will you do with my number?',
      'Who can see my phone number?',
      'privacy',
      'Where did you get my number?',
    ],
    da: ['Hvad gør I med mit nummer?', 'Hvem kan se mit telefonnummer?', 'privatliv', 'hvad med GDPR'],
    de: ['Was machen Sie mit meiner Nummer?', 'Wer kann meine Telefonnummer sehen?', 'Datenschutz?', 'DSGVO'],
    fr: ['Que ferez-vous de mon numéro ?', 'Qui peut voir mon numéro ?', 'confidentialité', 'et le RGPD ?'],
    es: [
      '¿Qué vais a hacer con mi número?',
      '¿Quién puede ver mi número?',
      'privacidad',
      'protección de datos',
    ],
  },
  menu: {
    en: ['help', 'Menu', '?', 'What can you do?'],
    da: ['hjælp', 'Hjælp!', 'hvad kan du?'],
    de: ['Hilfe', 'Menü', 'Was kannst du?'],
    fr: ['aide', "J'ai besoin d'aide", 'Que pouvez-vous faire ?'],
    es: ['ayuda', '¡Ayúdame!', '¿Qué puedes hacer?'],
  },
};

describe('matchHelpIntent: per language', () => {
  for (const intent of HELP_INTENTS) {
    for (const language of SUPPORTED_LOCALES) {
      const phrasings = PHRASINGS[intent][language];
      it(`${intent} · ${language} (${phrasings.length} phrasings)`, () => {
        assert.ok(phrasings.length >= 2, 'at least two phrasings per intent and language');
        for (const text of phrasings) {
          assert.equal(matchHelpIntent(text, language), intent, `${language}: ${JSON.stringify(text)}`);
          // People type in their own language whatever their Teams locale is.
          assert.equal(
            matchHelpIntent(text, 'en-US'),
            intent,
            `${language} under en-US: ${JSON.stringify(text)}`,
          );
        }
      });
    }
  }
});

describe('matchHelpIntent: what it must leave alone', () => {
  const unrelated = [
    'thanks',
    'ok',
    'hello',
    'good morning',
    "what's the weather like?",
    'I need a new laptop',
    'my laptop is slow',
    'can you book a meeting room for tomorrow',
    'send me the report',
    "I'm not sure",
    'Danke schön',
    'Wie spät ist es?',
    'Quelle heure est-il ?',
    'bonjour',
    '¿Dónde está la cafetería?',
    'gracias',
    'hej, tak for i dag',
    'can I use my phone to sign in',
    '',
    '   ',
    '!!!',
  ];
  for (const text of unrelated) {
    it(`no intent for ${JSON.stringify(text)}`, () => assert.equal(matchHelpIntent(text), undefined));
  }

  const group = '9a0e1b2c-1111-4111-8111-000000000001';
  const adminCommands = [
    `wave start ${group} Pilot wave`,
    `wave start --group ${group} --name Why not`,
    'wave start finance what is mfa',
    'wave status',
    'wave status 20261123-pilot-abc',
    'Waves',
    'wave list',
    'list waves',
  ];
  for (const text of adminCommands) {
    it(`admin command ${JSON.stringify(text)} is not a help question`, () =>
      assert.equal(matchHelpIntent(text), undefined));
  }
});

describe('matchHelpQuestion', () => {
  it('reports the language whose phrasing matched', () => {
    assert.equal(matchHelpQuestion('Jeg har mistet min telefon', 'en-US')?.language, 'da');
    assert.equal(matchHelpQuestion('Ich habe mein Handy verloren')?.language, 'de');
  });

  it('answers the urgent question when two score the same', () => {
    assert.equal(matchHelpIntent('I lost my phone, is this message real?'), 'lost-phone');
  });

  it('prefers the longer, more specific match', () => {
    // "why" alone scores 1; the privacy phrasing scores more.
    assert.equal(matchHelpIntent('Why do you have my phone number?'), 'privacy');
    assert.equal(matchHelpIntent('help, I lost my phone'), 'lost-phone');
    assert.equal(matchHelpIntent('Is my data safe?'), 'privacy');
  });

  it('an unsupported or missing locale still matches every language', () => {
    assert.equal(matchHelpIntent('Hvad er MFA?', 'pt-BR'), 'what-is-mfa');
    assert.equal(matchHelpIntent('¿Es una estafa?'), 'is-it-real');
  });
});

/** Client locales as Teams sends them, and one the bot does not speak (read as English). */
const CLIENT_LOCALES = ['en-US', 'da-DK', 'de-DE', 'fr-FR', 'es-ES', 'pt-BR'] as const;
const spoken = (locale: string) => (locale === 'pt-BR' ? 'en' : locale.slice(0, 2));

describe('questionLanguage: commands by the same rule', () => {
  it('tells the language of "my status" as typed, and keeps the client\'s for words every language shares', () => {
    const typed: Array<[string, SupportedLocale]> = [
      ['my status', 'en'],
      ['min status', 'da'],
      ['Mein Status', 'de'],
      ['mon statut', 'fr'],
      ['mi estado', 'es'],
    ];
    for (const [text, language] of typed) {
      for (const locale of [...CLIENT_LOCALES, undefined]) {
        assert.equal(questionLanguage(text, locale), language, `${text} in a ${locale} client`);
      }
    }
    assert.equal(questionLanguage('status', 'da-DK'), 'da');
    assert.equal(questionLanguage('status', 'fr-FR'), 'fr');
    assert.equal(questionLanguage('?', 'es-ES'), 'es');
  });
});

describe('questionLanguage: answers follow the language of the question when it is clear', () => {
  const CLEAR: Record<SupportedLocale, string[]> = {
    en: [
      'What is MFA?',
      'I lost my phone',
      'Why are we doing this?',
      'Is this message real?',
      'What will you do with my phone number?',
    ],
    da: [
      'hvad er MFA?',
      'Jeg har mistet min telefon',
      'Hvorfor gør vi det her?',
      'Er denne besked ægte?',
      'Hvad gør I med mit nummer?',
    ],
    de: [
      'Was ist MFA?',
      'Ich habe mein Handy verloren',
      'Warum machen wir das?',
      'Ist diese Nachricht echt?',
      'Wie richte ich die Authenticator-App ein?',
    ],
    fr: [
      "Qu'est-ce que la MFA ?",
      "J'ai perdu mon téléphone",
      'Pourquoi faisons-nous cela ?',
      'Ce message est-il authentique ?',
      "C'est quoi la double authentification ?",
    ],
    es: [
      '¿Qué es MFA?',
      'He perdido mi móvil',
      '¿Por qué hacemos esto?',
      '¿Es real este mensaje?',
      '¿Es una estafa?',
    ],
  };
  for (const language of SUPPORTED_LOCALES) {
    it(`${language}, whatever the client's locale`, () => {
      for (const text of CLEAR[language]) {
        for (const locale of [...CLIENT_LOCALES, undefined]) {
          assert.equal(
            questionLanguage(text, locale),
            language,
            `${JSON.stringify(text)} in a ${locale} client`,
          );
        }
      }
    });
  }

  it('keeps short, shared or unknown text on the client’s locale', () => {
    const ambiguous = [
      'MFA?',
      'mfa',
      '2FA',
      'ok',
      'OK',
      '?',
      '',
      'passkey',
      'Authenticator',
      'phishing?',
      'GDPR',
      'SMS 2027',
      'thanks',
      'blue bananas',
      // The same words in French and Spanish ("que", "es"); no ¿ to tell them apart.
      'que es MFA',
      'wave status',
    ];
    for (const text of ambiguous) {
      for (const locale of CLIENT_LOCALES) {
        assert.equal(
          questionLanguage(text, locale),
          spoken(locale),
          `${JSON.stringify(text)} in a ${locale} client`,
        );
      }
    }
  });

  it('keeps a question that mixes languages on the client’s locale', () => {
    // "help" is the only phrasebook match (English), but "har" and "for" are Danish phrasebook words.
    assert.equal(questionLanguage('jeg har brug for help', 'de-DE'), 'de');
    assert.equal(questionLanguage('jeg har brug for help', 'da-DK'), 'da');
  });

  it('never answers in a third language: every phrasing gets its own language or the client’s', () => {
    for (const intent of HELP_INTENTS) {
      for (const language of SUPPORTED_LOCALES) {
        for (const text of PHRASINGS[intent][language]) {
          for (const locale of CLIENT_LOCALES) {
            const answer = questionLanguage(text, locale);
            assert.ok(
              answer === language || answer === spoken(locale),
              `${JSON.stringify(text)} (${language}) in a ${locale} client: answered in ${answer}`,
            );
          }
        }
      }
    }
  });
});

describe('normaliseQuestion', () => {
  const cases: [string, string][] = [
    ["Qu'est-ce que la MFA ?", 'qu est ce que la mfa'],
    ['Hjælp! Jeg har mistet min telefon.', 'hjaelp jeg har mistet min telefon'],
    ['Ødelagt', 'odelagt'],
    ['Was heißt MFA?', 'was heisst mfa'],
    ['¿Cómo configuro la aplicación?', 'como configuro la aplicacion'],
    ['  MFA   ', 'mfa'],
    ['2‑FA…', '2 fa'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () =>
      assert.equal(normaliseQuestion(input), expected));
  }
});

describe('the phrasebook', () => {
  it('every rule word is written in normalised form, or it could never match', () => {
    for (const intent of HELP_INTENTS) {
      for (const language of SUPPORTED_LOCALES) {
        for (const rule of helpRules()[intent][language]) {
          const words = rule.replace(/^=/, '').split(/[ |+]/);
          for (const word of words) {
            const bare = word.replace(/\*/g, '');
            assert.ok(bare.length > 0, `${intent}/${language}: empty word in ${JSON.stringify(rule)}`);
            assert.equal(normaliseQuestion(bare), bare, `${intent}/${language}: ${JSON.stringify(word)}`);
          }
        }
      }
    }
  });

  it('has rules for every intent in every language', () => {
    for (const intent of HELP_INTENTS)
      for (const language of SUPPORTED_LOCALES)
        assert.ok(helpRules()[intent][language].length > 0, `${intent}/${language}`);
  });

  it('every question the menu lists is recognised as its own intent, in its own language', () => {
    for (const language of SUPPORTED_LOCALES) {
      for (const { intent, key } of MENU_QUESTIONS) {
        const question = translate(language, key);
        assert.equal(matchHelpIntent(question, language), intent, `${language}: ${JSON.stringify(question)}`);
      }
    }
  });
});
