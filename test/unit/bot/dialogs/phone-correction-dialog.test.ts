import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Activity,
  type Attachment,
  type ChannelAccount,
  type ConversationAccount,
  ConversationState,
  MemoryStorage,
  type StoreItems,
  TestAdapter,
} from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import { DialogHost } from '../../../../src/bot/dialogs/dialog-host';
import type { NumberAnswerClick } from '../../../../src/bot/dialogs/number-confirm-prompt';
import {
  MAX_NUMBER_TRIES,
  PhoneCorrectionDialog,
  type PhoneDialogEnd,
  type PhoneDialogOptions,
  type PhoneDialogPorts,
  type PhoneSubmission,
} from '../../../../src/bot/dialogs/phone-correction-dialog';
import { CARD_VERBS } from '../../../../src/cards';
import { verifyActionToken } from '../../../../src/rollout/action-token';
import { nodesOfType } from '../../cards/fixtures';

/** A Storage that keeps every write, to prove what dialog state holds between turns. */
class RecordingStorage extends MemoryStorage {
  readonly writes: string[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(JSON.stringify(changes));
    await super.write(changes);
  }
}

interface Fakes {
  ports: PhoneDialogPorts;
  submissions: PhoneSubmission[];
  ended: PhoneDialogEnd[];
  audits: Array<{ action: string; detail?: string }>;
  lookups: number;
}

/** `null`: the user has no usageLocation; an Error: the Graph lookup fails. */
function fakes(country: string | null | Error = 'DK'): Fakes {
  const result: Fakes = {
    submissions: [],
    ended: [],
    audits: [],
    lookups: 0,
    ports: undefined as unknown as PhoneDialogPorts,
  };
  result.ports = {
    secret: 'unit-test-secret-unit-test-secret-0123',
    helpdesk: () => 'IT Service Desk, ext. 4000',
    defaultCountry: async () => {
      result.lookups++;
      if (country instanceof Error) throw country;
      return country ?? undefined;
    },
    submit: async (context, submission) => {
      result.submissions.push(submission);
      await context.sendActivity('submitted');
    },
    ended: async (_context, _options, how) => {
      result.ended.push(how);
    },
    audit: async (entry) => {
      result.audits.push({ action: entry.action, detail: entry.detail });
    },
  };
  return result;
}

const OPTIONS: PhoneDialogOptions = { waveId: 'w1', userId: 'u1', locale: 'en', mode: 'dispute' };

function client(f: Fakes, options: Partial<PhoneDialogOptions> = {}, storage = new MemoryStorage()) {
  return new DialogTestClient(
    'msteams',
    new PhoneCorrectionDialog(f.ports),
    { ...OPTIONS, ...options },
    [],
    new ConversationState(storage),
  );
}

/** What a person reads: the text, or the text runs of the Adaptive Card (the Yes / No question). */
function textOf(activity: Partial<Activity> | undefined): string {
  assert.ok(activity, 'expected a reply');
  if (activity.text) return activity.text;
  return nodesOfType(activity.attachments?.[0]?.content, 'TextRun')
    .map((run) => String(run.text))
    .join('\n');
}

/** The card's buttons that call the bot: Action.Execute, each with an Action.Submit fallback. */
function buttonsOf(activity: Partial<Activity> | undefined): string[] {
  return nodesOfType(activity?.attachments?.[0]?.content, 'Action.Execute').map((button) =>
    String(button.title),
  );
}

describe('phone correction dialog (botbuilder-testing, channel msteams)', () => {
  it('asks for the number naming the user’s country, shows it back normalised, and submits it on yes', async () => {
    const f = fakes('DK');
    const test = client(f);
    const ask = textOf(await test.sendActivity('start'));
    assert.match(ask, /mobile number/);
    assert.match(ask, /from Denmark/);
    assert.match(ask, /"cancel"/);

    const confirm = await test.sendActivity('20 98 76 54');
    assert.equal(textOf(confirm), 'You typed +45 20 98 76 54. Is that right?');
    assert.deepEqual(buttonsOf(confirm), ['Yes', 'No']);

    assert.equal(textOf(await test.sendActivity('yes')), 'submitted');
    assert.equal(test.dialogTurnResult.status, DialogTurnStatus.complete);
    assert.deepEqual(f.submissions, [
      { waveId: 'w1', userId: 'u1', locale: 'en', graphNumber: '+45 20987654', masked: '+45 •• •• •6 54' },
    ]);
    assert.deepEqual(f.ended, []);
    assert.equal(f.lookups, 1);
  });

  it('explains what is wrong in plain words and asks again', async () => {
    const f = fakes('DK');
    const test = client(f);
    await test.sendActivity('start');
    assert.match(textOf(await test.sendActivity('2098')), /too short.*Please type it again/);
    assert.match(textOf(await test.sendActivity('call me maybe')), /doesn't look like a phone number/);
    assert.match(textOf(await test.sendActivity('20987654')), /Is that right\?/);
    assert.deepEqual(
      f.audits.map((a) => `${a.action}:${a.detail}`),
      ['phone-correction-invalid:too-short', 'phone-correction-invalid:not-a-number'],
    );
  });

  it('takes a foreign number typed with its country code and names the country when showing it back', async () => {
    const f = fakes('DK');
    const test = client(f);
    await test.sendActivity('start');
    // A German mobile typed the German way reads as far too long for Denmark.
    assert.match(
      textOf(await test.sendActivity('0151 23456789')),
      /too many digits.*start with \+ and the country code/,
    );
    const confirm = textOf(await test.sendActivity('+49 151 23456789'));
    assert.equal(confirm, 'You typed +49 1512 3456789, a number from Germany. Is that right?');
    await test.sendActivity('yes');
    assert.equal(f.submissions[0]?.graphNumber, '+49 15123456789');
  });

  it('refuses a landline (sign-in codes need a phone that gets texts)', async () => {
    const f = fakes('DE');
    const test = client(f);
    await test.sendActivity('start');
    assert.match(textOf(await test.sendActivity('030 12345678')), /landline or service number/);
  });

  it('asks for the country code when the user has no usageLocation or the lookup fails', async () => {
    for (const country of [null, new Error('graph down')]) {
      const f = fakes(country);
      const test = client(f);
      assert.match(textOf(await test.sendActivity('start')), /starting with \+ and the country code/);
      assert.match(textOf(await test.sendActivity('20987654')), /can't tell which country/);
      assert.match(textOf(await test.sendActivity('+45 20987654')), /\+45 20 98 76 54/);
    }
  });

  it(`gives up after ${MAX_NUMBER_TRIES} invalid numbers and points to the helpdesk`, async () => {
    const f = fakes('DK');
    const test = client(f);
    await test.sendActivity('start');
    for (let i = 1; i < MAX_NUMBER_TRIES; i++)
      assert.match(textOf(await test.sendActivity('abc')), /Please type it again/);
    const last = textOf(await test.sendActivity('abc'));
    assert.match(last, /stopped here.*IT Service Desk, ext\. 4000/);
    assert.equal(test.dialogTurnResult.status, DialogTurnStatus.complete);
    assert.deepEqual(f.ended, ['gave-up']);
    assert.deepEqual(f.submissions, []);
    assert.equal(f.audits.filter((a) => a.action === 'phone-correction-invalid').length, MAX_NUMBER_TRIES);
    assert.ok(f.audits.some((a) => a.action === 'phone-correction-gave-up'));
  });

  it('ends on "cancel" while asking for the number, without counting it as a try', async () => {
    const f = fakes('DK');
    const test = client(f);
    await test.sendActivity('start');
    assert.equal(textOf(await test.sendActivity('Cancel')), "OK, I've stopped and nothing was changed.");
    assert.equal(test.dialogTurnResult.status, DialogTurnStatus.complete);
    assert.deepEqual(f.ended, ['cancelled']);
    assert.deepEqual(
      f.audits.map((a) => a.action),
      ['phone-correction-cancelled'],
    );
  });

  it('ends on the user’s own word for cancel while showing the number back (Danish)', async () => {
    const f = fakes('DK');
    const test = client(f, { locale: 'da-DK' });
    assert.match(textOf(await test.sendActivity('start')), /fra Danmark/);
    assert.equal(textOf(await test.sendActivity('20 98 76 54')), 'Du skrev +45 20 98 76 54. Er det rigtigt?');
    assert.equal(textOf(await test.sendActivity('annuller')), 'OK, jeg er stoppet, og intet blev ændret.');
    assert.deepEqual(f.ended, ['cancelled']);
    assert.deepEqual(f.submissions, []);
  });

  it('understands "ja" and offers Ja / Nej in Danish', async () => {
    const f = fakes('DK');
    const test = client(f, { locale: 'da' });
    await test.sendActivity('start');
    assert.deepEqual(buttonsOf(await test.sendActivity('+45 20987654')), ['Ja', 'Nej']);
    await test.sendActivity('Ja');
    assert.equal(f.submissions[0]?.graphNumber, '+45 20987654');
  });

  it('asks again on "no", and re-asks yes or no when the answer is neither', async () => {
    const f = fakes('DK');
    const test = client(f);
    await test.sendActivity('start');
    await test.sendActivity('20 98 76 54');
    assert.equal(
      textOf(await test.sendActivity('perhaps')),
      'Please answer yes or no: is +45 20 98 76 54 right?',
    );
    assert.equal(textOf(await test.sendActivity('no')), "OK, let's try again.");
    assert.match(textOf(test.getNextReply()), /from Denmark/);
    assert.match(textOf(await test.sendActivity('20 12 34 99')), /\+45 20 12 34 99/);
    await test.sendActivity('yes');
    assert.deepEqual(
      f.submissions.map((s) => s.graphNumber),
      ['+45 20123499'],
    );
    assert.equal(f.lookups, 1, 'the country is looked up once per dialog');
  });

  it('keeps the typed number out of the stored dialog state (only sealed)', async () => {
    const f = fakes('DK');
    const storage = new RecordingStorage();
    const test = client(f, {}, storage);
    await test.sendActivity('start');
    await test.sendActivity('20 98 76 54');
    await test.sendActivity('perhaps');
    const written = storage.writes.join('\n');
    assert.ok(written.includes('"sealed":"v1.'), 'the number is in the state, sealed');
    assert.ok(written.includes('+45 •• •• •6 54'), 'the masked form may be kept');
    for (const clear of ['20987654', '20 98 76 54', '2098']) assert.ok(!written.includes(clear), clear);
  });
});

/**
 * Yes / No as card buttons (issue 8, item 5): the bot checks a click's token and clicker first
 * (card-actions.ts), then hands it to the dialog host of the chat it came from. These tests drive
 * that host the way the bot does, on a TestAdapter with channel msteams.
 */
describe('phone correction dialog: Yes / No buttons', () => {
  const SECRET = 'unit-test-secret-unit-test-secret-0123';
  const CHAT = 'a:chat-u1';
  const USER = { id: '29:u1', name: 'U One', aadObjectId: 'u1' } as ChannelAccount;
  const inChat = (id: string) => ({ id, conversationType: 'personal' }) as ConversationAccount;

  interface World {
    f: Fakes;
    host: DialogHost;
    adapter: TestAdapter;
    updates: Partial<Activity>[];
    /** What the last click got back: the card replacing the clicked one, or undefined. */
    answered: Attachment | undefined;
    say(text: string, chat?: string): Promise<Partial<Activity>[]>;
    click(
      card: Partial<Activity>,
      title: string,
      chat?: string,
      asMessage?: boolean,
    ): Promise<Partial<Activity>[]>;
  }

  function world(options: Partial<PhoneDialogOptions> = {}): World {
    const f = fakes('DK');
    const host = new DialogHost(new MemoryStorage(), f.ports);
    const updates: Partial<Activity>[] = [];
    const w = { f, host, updates, answered: undefined } as unknown as World;
    const adapter = new TestAdapter(
      async (context) => {
        const value = context.activity.value as { click?: NumberAnswerClick } | undefined;
        if (value?.click) w.answered = await host.answerNumberQuestion(context, value.click);
        else if (context.activity.text === 'start')
          await host.startPhoneDialog(context, { ...OPTIONS, ...options });
        else await host.continueDialog(context);
        await host.save(context);
      },
      // Applied to every activity: the channel. Each activity names its own chat (`from`, `conversation`).
      { channelId: 'msteams' },
    );
    const realUpdate = adapter.updateActivity.bind(adapter);
    adapter.updateActivity = async (context, activity) => {
      updates.push(activity);
      return realUpdate(context, activity);
    };
    const drain = () => {
      const replies: Partial<Activity>[] = [];
      for (let reply = adapter.getNextReply(); reply; reply = adapter.getNextReply()) replies.push(reply);
      return replies;
    };
    w.adapter = adapter;
    w.say = async (text, chat = CHAT) => {
      await adapter.processActivity({
        type: 'message',
        text,
        conversation: { id: chat } as ConversationAccount,
      });
      return drain();
    };
    w.click = async (card, title, chat = CHAT, asMessage = false) => {
      const button = nodesOfType(card.attachments?.[0]?.content, 'Action.Execute').find(
        (b) => b.title === title,
      );
      assert.ok(button, `a "${title}" button`);
      const token = (button.data as { token: string }).token;
      const check = verifyActionToken(token, SECRET, new Date(), 'number-answer');
      assert.ok(check.ok, 'the button carries our signed token');
      const { waveId, userId, cardId } = check.claims;
      const click: NumberAnswerClick = { waveId, userId, cardId, yes: button.verb === CARD_VERBS.numberYes };
      // As the bot sees it: an Action.Execute invoke, or an Action.Submit message (value, no text).
      await adapter.processActivity({
        type: asMessage ? 'message' : 'invoke',
        name: asMessage ? undefined : 'adaptiveCard/action',
        value: { click },
        from: USER,
        conversation: inChat(chat),
      });
      return drain();
    };
    return w;
  }

  async function askedFor(w: World, typed = '20 98 76 54'): Promise<Partial<Activity>> {
    await w.say('start');
    const [question] = await w.say(typed);
    assert.match(textOf(question), /\+45 20 98 76 54/);
    return question!;
  }

  async function isWaiting(w: World, chat = CHAT): Promise<boolean> {
    let waiting = false;
    await w.adapter.processActivity(
      { type: 'event', name: 'probe', from: USER, conversation: inChat(chat) },
      async (context) => {
        waiting = await w.host.isWaiting(context);
      },
    );
    return waiting;
  }

  it('asks with Yes / No card buttons that call the bot (Action.Execute, Action.Submit fallback), in the user’s language', async () => {
    for (const [locale, yes, no] of [
      ['en', 'Yes', 'No'],
      ['da', 'Ja', 'Nej'],
      ['de', 'Ja', 'Nein'],
      ['fr', 'Oui', 'Non'],
      ['es', 'Sí', 'No'],
    ] as const) {
      const w = world({ locale });
      const question = await askedFor(w, '+45 20 98 76 54');
      assert.equal(question.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
      assert.deepEqual(buttonsOf(question), [yes, no], locale);
      const json = JSON.stringify(question);
      assert.doesNotMatch(
        json,
        /imBack|suggestedActions/,
        'no imBack (the Agents Playground does not support it)',
      );
      for (const button of nodesOfType(question.attachments?.[0]?.content, 'Action.Execute')) {
        const fallback = button.fallback as { type: string; data: { verb: string; token: string } };
        assert.equal(fallback.type, 'Action.Submit');
        assert.equal(fallback.data.verb, button.verb);
        assert.equal(fallback.data.token, (button.data as { token: string }).token);
      }
    }
  });

  it('Yes on the card submits the number, and the card shows the answer instead of the buttons', async () => {
    const w = world();
    const question = await askedFor(w);
    const replies = await w.click(question, 'Yes');
    assert.deepEqual(replies.map(textOf), ['submitted']);
    assert.deepEqual(
      w.f.submissions.map((s) => s.graphNumber),
      ['+45 20987654'],
    );
    assert.ok(w.answered, 'the clicked card is replaced');
    assert.deepEqual(buttonsOf({ attachments: [w.answered] }), []);
    assert.equal(
      textOf({ attachments: [w.answered] }),
      'You typed +45 20 98 76 54. Is that right?\nYour answer: Yes',
    );
    assert.equal(await isWaiting(w), false);
  });

  it('No on the card asks for the number again, in the Action.Submit form too', async () => {
    const w = world();
    const question = await askedFor(w);
    const replies = await w.click(question, 'No', CHAT, true);
    assert.equal(textOf(replies[0]), "OK, let's try again.");
    assert.match(textOf(replies[1]), /type the mobile number/);
    assert.match(textOf({ attachments: [w.answered!] }), /Your answer: No/);
    assert.deepEqual(w.f.submissions, []);
    assert.ok(w.f.audits.some((a) => a.action === 'phone-correction-retyped'));
  });

  it('a button of an older question answers nothing: not after "no", not after asking again', async () => {
    const w = world();
    const first = await askedFor(w);
    await w.say('no');
    const [second] = await w.say('20 12 34 99');
    assert.deepEqual(await w.click(first, 'Yes'), []);
    assert.equal(w.answered, undefined, 'the first question is no longer asked');
    assert.equal(w.f.submissions.length, 0);

    // Not yes or no: asked again on a new card; only that card's buttons count from now on.
    const [again] = await w.say('perhaps');
    assert.equal(textOf(again), 'Please answer yes or no: is +45 20 12 34 99 right?');
    const retired = w.updates.at(-1);
    assert.equal(retired?.id, second!.id, 'the earlier card of this question lost its buttons');
    assert.deepEqual(buttonsOf(retired), []);
    assert.deepEqual(await w.click(second!, 'Yes'), []);
    assert.equal(w.answered, undefined);
    assert.ok(await isWaiting(w));

    await w.click(again!, 'Yes');
    assert.deepEqual(
      w.f.submissions.map((s) => s.graphNumber),
      ['+45 20123499'],
    );
  });

  it('a click answers only the question of the chat it came from', async () => {
    const w = world();
    const question = await askedFor(w);
    assert.deepEqual(await w.click(question, 'Yes', 'a:other-chat'), []);
    assert.equal(w.answered, undefined);
    assert.deepEqual(w.f.submissions, []);
    assert.ok(await isWaiting(w), 'the question in the user’s chat still waits');
  });

  it('a click while the number is being asked for answers nothing and costs no try', async () => {
    const w = world();
    const question = await askedFor(w);
    await w.say('no');
    for (const asMessage of [false, true]) {
      assert.deepEqual(await w.click(question, 'Yes', CHAT, asMessage), []);
      assert.equal(w.answered, undefined);
    }
    assert.ok(!w.f.audits.some((a) => a.action === 'phone-correction-invalid'));
    assert.match(textOf((await w.say('20 98 76 54'))[0]), /Is that right\?/);
  });

  it('a typed answer still works, in the user’s language, and the card shows it instead of the buttons', async () => {
    for (const [locale, typed, shown] of [
      ['en', 'yes', 'Your answer: Yes'],
      ['da', 'ja', 'Dit svar: Ja'],
      ['de', 'Ja', 'Ihre Antwort: Ja'],
      ['fr', 'oui', 'Votre réponse : Oui'],
      ['es', 'sí', 'Tu respuesta: Sí'],
    ] as const) {
      const w = world({ locale });
      const question = await askedFor(w, '+45 20 98 76 54');
      await w.say(typed);
      assert.equal(w.f.submissions.length, 1, `${locale}: "${typed}"`);
      const retired = w.updates.at(-1);
      assert.equal(retired?.id, question.id);
      assert.deepEqual(buttonsOf(retired), []);
      assert.match(textOf(retired), new RegExp(`${shown}$`));
      // The answered card's buttons are gone, and a click on the original answers nothing.
      assert.deepEqual(await w.click(question, buttonsOf(question)[0]!), []);
      assert.equal(w.f.submissions.length, 1);
    }
  });
});
