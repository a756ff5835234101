import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attachment } from 'botbuilder';
import { parseCommand } from '../../../../src/bot/commands';
import {
  answerLocale,
  composeHelpAnswer,
  composeHelpReply,
  composeUnknownAnswer,
  type HelpCardSettings,
  MENU_QUESTIONS,
} from '../../../../src/bot/help/answers';
import { HELP_INTENTS, type HelpIntent } from '../../../../src/bot/help/intents';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCardAttachment,
  loadLinks,
  resolveLocale,
  translate,
  validateCard,
} from '../../../../src/cards';
import { allText, LOCALE_TAGS, nodesOfType } from '../../cards/fixtures';

const config: HelpCardSettings = {
  ORGANIZATION_NAME: 'Contoso',
  HELPDESK_CONTACT: 'IT Service Desk, ext. 4000',
};
const noHelpdesk: HelpCardSettings = { ORGANIZATION_NAME: 'Contoso', HELPDESK_CONTACT: '  ' };

/** The never-ask-for-codes line as the reader's language words it, helpdesk filled in. */
function neverAskLine(locale: string, helpdesk = config.HELPDESK_CONTACT): string {
  return translate(locale, 'help.neverAsk', { helpdesk });
}

function checkCard(attachment: AdaptiveCardAttachment, locale: string): string {
  const asBotAttachment: Attachment = attachment;
  assert.equal(asBotAttachment.contentType, ADAPTIVE_CARD_CONTENT_TYPE);
  const card = attachment.content;
  const json = JSON.stringify(card);
  assert.ok(!json.includes('${'), 'leftover ${ in card');
  assert.doesNotMatch(allText(card), /\{\w+\}/, 'unfilled {param} in card');
  assert.deepEqual(validateCard(card), []);
  assert.equal(card.lang, resolveLocale(locale));
  // Nothing conveyed by colour alone: the help cards use no colour at all.
  assert.ok(!/"color"\s*:/.test(json), 'help cards must not rely on colour');
  return allText(card);
}

const ANSWER_INTENTS = HELP_INTENTS;

describe('composeHelpAnswer: every intent in every locale', () => {
  for (const intent of ANSWER_INTENTS) {
    for (const locale of LOCALE_TAGS) {
      it(`${intent} · ${locale}`, () => {
        const text = checkCard(composeHelpAnswer(intent, { config, locale }), locale);
        // "Is this real?" says it in its own words; the reminder under it would say it twice.
        const reminders = text.split(neverAskLine(locale)).length - 1;
        assert.equal(reminders, intent === 'is-it-real' ? 0 : 1, 'reminds once that nobody asks for codes');
      });
    }
  }

  it('each intent has its own title', () => {
    const titles = ANSWER_INTENTS.map((intent) => {
      const card = composeHelpAnswer(intent, { config, locale: 'en' }).content;
      return nodesOfType(card, 'TextRun')[0]?.text;
    });
    assert.equal(new Set(titles).size, ANSWER_INTENTS.length, JSON.stringify(titles));
  });
});

describe('answer content', () => {
  const text = (intent: HelpIntent, locale = 'en', settings = config) =>
    allText(composeHelpAnswer(intent, { config: settings, locale }).content);

  it('lost phone: contact the helpdesk at once, other method, and aka.ms/mysecurityinfo', () => {
    for (const locale of LOCALE_TAGS) {
      const answer = text('lost-phone', locale);
      assert.match(answer, /https:\/\/aka\.ms\/mysecurityinfo/, locale);
      assert.ok(answer.includes(config.HELPDESK_CONTACT), locale);
    }
    assert.match(text('lost-phone'), /Contact IT Service Desk, ext\. 4000 at once/);
    assert.match(text('lost-phone'), /you can still sign in/);
  });

  it('is it real: names the organisation, the masked-number-only rule and the helpdesk, and has no links to click', () => {
    const card = composeHelpAnswer('is-it-real', { config, locale: 'en' }).content;
    const answer = allText(card);
    assert.match(answer, /Contoso's own app in Microsoft Teams/);
    assert.match(answer, /most digits hidden/);
    assert.match(answer, /never ask for a sign-in code or your password/);
    assert.match(answer, /ask IT Service Desk, ext\. 4000 whether/);
    // Someone who doubts the message is told to type the address, not to click it.
    assert.match(answer, /typing https:\/\/aka\.ms\/mysecurityinfo into your browser/);
    assert.equal(nodesOfType(card, 'TextBlock').length, 0, 'no link lines on the is-it-real card');
    assert.ok(!answer.includes(']('), 'no Markdown links');
  });

  it('sms retirement: the date in the reader’s format, Authenticator or passkey, phone kept for recovery', () => {
    const en = text('sms-retirement');
    assert.match(en, /What changes on 1 February 2027\?/);
    assert.match(en, /Authenticator app or a passkey/);
    assert.match(en, /Keep your phone number/);
    assert.match(text('sms-retirement', 'da-DK'), /1\. februar 2027/);
    assert.match(text('sms-retirement', 'de'), /1\. Februar 2027/);
    assert.match(text('sms-retirement', 'fr-FR'), /1er février 2027/);
    assert.match(text('sms-retirement', 'es-419'), /1 de febrero de 2027/);
  });

  it('links to the right Microsoft pages per answer', () => {
    const links = loadLinks();
    const linkLines = (intent: HelpIntent) =>
      nodesOfType(composeHelpAnswer(intent, { config, locale: 'en' }).content, 'TextBlock')
        .map((block) => String(block.text))
        .join('\n');
    assert.ok(linkLines('authenticator').includes(links.authenticatorApp));
    assert.ok(linkLines('authenticator').includes(links.passkeys));
    assert.ok(linkLines('lost-phone').includes(links.mySecurityInfo));
    assert.ok(linkLines('what-is-mfa').includes(links.mfaOverview));
    assert.ok(linkLines('sms-retirement').includes(links.passkeys));
  });

  it('uses the generic helpdesk phrase when none is configured', () => {
    const answer = text('lost-phone', 'de', noHelpdesk);
    assert.ok(answer.includes('Wenden Sie sich sofort an Ihren IT-Helpdesk'), answer);
    assert.ok(answer.includes(neverAskLine('de', 'Ihren IT-Helpdesk')));
  });

  it('shows the organisation name literally, even when it looks like a template', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point of this test
    const odd = { ORGANIZATION_NAME: '${org} {helpdesk}', HELPDESK_CONTACT: 'desk' };
    const card = composeHelpAnswer('why', { config: odd, locale: 'en' }).content;
    assert.match(allText(card), /\$\{org\} \{helpdesk\}'s data/);
  });
});

describe('menu and unknown answers', () => {
  for (const locale of LOCALE_TAGS) {
    it(`menu and unknown list every question · ${locale}`, () => {
      for (const attachment of [
        composeHelpAnswer('menu', { config, locale }),
        composeUnknownAnswer({ config, locale }),
      ]) {
        const text = checkCard(attachment, locale);
        for (const { key } of MENU_QUESTIONS) assert.ok(text.includes(`• ${translate(locale, key)}`), key);
        assert.ok(text.includes(neverAskLine(locale)));
        assert.ok(!text.includes('wave start'), 'end users do not see admin commands by default');
      }
    });
  }

  for (const locale of LOCALE_TAGS) {
    it(`menu and unknown tell everyone about "my status", in words the bot knows · ${locale}`, () => {
      for (const attachment of [
        composeHelpAnswer('menu', { config, locale }),
        composeUnknownAnswer({ config, locale }),
      ]) {
        const line = allText(attachment.content)
          .split('\n')
          .find((text) => text === translate(locale, 'help.menu.myStatus'));
        assert.ok(line, 'the menu has the my-status line');
        // The command in quotes, in the reader's language, is one parseCommand reads as "my status".
        const command = /["«]\s*([^"»]+?)\s*["»]/.exec(line)?.[1];
        assert.ok(command, line);
        assert.equal(parseCommand(command).kind, 'my-status', `${locale}: ${command}`);
      }
    });
  }

  it('unknown says it did not understand; the menu does not', () => {
    assert.match(allText(composeUnknownAnswer({ config, locale: 'en' }).content), /didn't catch that/);
    assert.doesNotMatch(allText(composeHelpAnswer('menu', { config, locale: 'en' }).content), /didn't catch/);
  });

  it('adds the admin commands when asked to', () => {
    const text = allText(
      composeHelpAnswer('menu', { config, locale: 'fr', showAdminCommands: true }).content,
    );
    assert.match(text, /wave start <ID du groupe Entra> \[nom\], wave status \[ID de vague\], waves/);
  });

  it('tells admins, and only them, to send the CSV for a phone preload', () => {
    const admin = allText(
      composeHelpAnswer('menu', { config, locale: 'en', showAdminCommands: true }).content,
    );
    assert.match(admin, /send me the CSV \(userPrincipalName or id, mobile\) as a file in this chat/);
    const user = allText(composeHelpAnswer('menu', { config, locale: 'en' }).content);
    assert.doesNotMatch(user, /send me the CSV/);
  });
});

describe('locale fallback', () => {
  for (const tag of ['pt-BR', 'sv', undefined, 'not a tag!']) {
    it(`${JSON.stringify(tag)} reads English`, () => {
      const card = composeHelpAnswer('lost-phone', { config, locale: tag }).content;
      assert.equal(card.lang, 'en');
      assert.match(allText(card), /Lost your phone, or got a new one\?/);
      assert.ok(allText(card).includes(neverAskLine('en')));
    });
  }
});

describe('composeHelpReply', () => {
  it('answers a recognised question in the reader’s locale', () => {
    const card = composeHelpReply('Jeg har mistet min telefon', { config, locale: 'da-DK' }).content;
    assert.match(allText(card), /Har du mistet din telefon eller fået en ny\?/);
  });

  it('answers in the language the question is clearly asked in, whatever the client’s locale', () => {
    const danish = composeHelpReply('hvad er MFA?', { config, locale: 'en-US' }).content;
    assert.equal(danish.lang, 'da');
    assert.match(allText(danish), /Hvad er MFA\?/);
    const german = composeHelpReply('Ich habe mein Handy verloren', { config, locale: 'fr-FR' }).content;
    assert.equal(german.lang, 'de');
    const french = composeHelpReply("Qu'est-ce que la MFA ?", { config, locale: 'es-ES' }).content;
    assert.equal(french.lang, 'fr');
    const spanish = composeHelpReply('¿Por qué hacemos esto?', { config, locale: 'da-DK' }).content;
    assert.equal(spanish.lang, 'es');
    const english = composeHelpReply('I lost my phone', { config, locale: 'de-DE' }).content;
    assert.equal(english.lang, 'en');
  });

  it('keeps short or shared text on the client’s locale, with its own date format', () => {
    assert.equal(composeHelpReply('MFA?', { config, locale: 'da-DK' }).content.lang, 'da');
    assert.equal(composeHelpReply('MFA?', { config, locale: 'de-DE' }).content.lang, 'de');
    assert.equal(composeHelpReply('ok', { config, locale: 'fr-FR' }).content.lang, 'fr');
    const sms = allText(composeHelpReply('Will SMS stop in 2027?', { config, locale: 'en-US' }).content);
    assert.match(sms, /What changes on February 1, 2027\?/, 'an en-US reader keeps US dates');
  });

  it('gives the unknown menu for anything else', () => {
    const card = composeHelpReply('what is the meaning of life', { config, locale: 'en' }).content;
    assert.match(allText(card), /didn't catch that/);
  });
});

describe('the words the cards tell people to type', () => {
  /** Sentences that quote a command ("Write "help" …"), each in the language of its card. */
  const TELLS_WHAT_TO_TYPE = [
    'message.adminOnly.body',
    'message.refusedExpired.body',
    'help.menu.myStatus',
    'welcome.commands',
  ] as const;

  for (const locale of ['en', 'da', 'de', 'fr', 'es']) {
    it(`are answered in the card's language, whatever the client says · ${locale}`, () => {
      for (const key of TELLS_WHAT_TO_TYPE) {
        const sentence = translate(locale, key, { helpdesk: 'IT' });
        const quoted = [...sentence.matchAll(/["«]\s*([^"»]+?)\s*["»]/g)].map((match) => match[1]!);
        assert.ok(quoted.length > 0, `${locale} ${key} quotes what to type`);
        for (const typed of quoted) {
          for (const client of ['en-US', 'da-DK', 'de-DE', 'fr-FR', 'es-ES']) {
            const answered = resolveLocale(answerLocale(typed, client));
            assert.equal(answered, locale, `${locale} ${key}: "${typed}" in ${client}`);
          }
        }
      }
    });
  }
});
