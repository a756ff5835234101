import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Activity, ConversationState, MemoryStorage, type StoreItems } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import {
  MAX_NUMBER_TRIES,
  PhoneCorrectionDialog,
  type PhoneDialogEnd,
  type PhoneDialogOptions,
  type PhoneDialogPorts,
  type PhoneSubmission,
} from '../../../../src/bot/dialogs/phone-correction-dialog';

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

/** What a person reads: the text, or the text of the hero card Teams gets for Yes / No. */
function textOf(activity: Partial<Activity> | undefined): string {
  assert.ok(activity, 'expected a reply');
  if (activity.text) return activity.text;
  const content = activity.attachments?.[0]?.content as { text?: string } | undefined;
  return content?.text ?? '';
}

function buttonsOf(activity: Partial<Activity> | undefined): string[] {
  const content = activity?.attachments?.[0]?.content as { buttons?: Array<{ title: string }> } | undefined;
  return (content?.buttons ?? []).map((button) => button.title);
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
