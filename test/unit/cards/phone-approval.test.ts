import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCard, translate, UnmaskedPhoneError } from '../../../src/cards';
import { composePhoneApprovalCard } from '../../../src/cards/admin-cards';
import { newWaveUser } from '../../../src/rollout/user-state';
import { allText, approvalData, MASKED_PHONE, nodesOfType, TOKEN } from './fixtures';

describe('helpdesk approval card (phone-approval)', () => {
  it('shows the helpdesk who asks, the current masked number and the new number in clear, with Approve / Reject', () => {
    const card = expandCard('phone-approval', approvalData(), 'en');
    const text = allText(card);
    for (const expected of [
      'Anna Jensen',
      'anna@contoso.example',
      'Pilot: IT department',
      MASKED_PHONE,
      '+45 20 98 76 54',
    ]) {
      assert.ok(text.includes(expected), expected);
    }
    assert.match(text, /make sure the number really belongs to this person/);
    const actions = nodesOfType(card, 'Action.Execute');
    assert.deepEqual(
      actions.map((a) => a.verb),
      ['phone.approve', 'phone.reject'],
    );
    for (const action of actions) assert.deepEqual(action.data, { token: TOKEN });
  });

  it('says "None" when the user had no number', () => {
    assert.match(
      allText(expandCard('phone-approval', approvalData({ currentPhone: undefined }), 'de')),
      /Keine/,
    );
  });

  it('once decided: says who decided, has no buttons, and refuses to show the new number in clear', () => {
    const decided = approvalData({
      newPhone: '+45 •• •• •6 54',
      decision: { outcome: 'rejected', by: 'Bo Admin' },
    });
    const card = expandCard('phone-approval', decided, 'en');
    assert.match(allText(card), /Rejected by Bo Admin\. Nothing was changed\. Anna Jensen has been told/);
    assert.deepEqual(nodesOfType(card, 'Action.Execute'), []);
    assert.doesNotMatch(allText(card), /make sure the number really belongs/);
    assert.throws(
      () => expandCard('phone-approval', { ...decided, newPhone: '+45 20 98 76 54' }, 'en'),
      UnmaskedPhoneError,
    );
  });

  it('names the numbers for what they are once decided: never "Number now" after the decision', () => {
    /** The fact table as label → value, in the order shown. */
    const facts = (card: ReturnType<typeof expandCard>) => {
      const cells = nodesOfType(card, 'TableCell').map((cell) =>
        nodesOfType(cell, 'TextBlock', 'TextRun')
          .map((node) => String(node.text))
          .join(''),
      );
      return Object.fromEntries(cells.flatMap((_, i) => (i % 2 ? [] : [[cells[i], cells[i + 1]]])));
    };
    const decided = (outcome: 'approved' | 'rejected' | 'obsolete') =>
      approvalData({
        newPhone: '+45 •• •• •6 54',
        decision: outcome === 'obsolete' ? { outcome } : { outcome, by: 'Bo Admin' },
      });
    assert.equal(facts(expandCard('phone-approval', approvalData(), 'en'))['Number now'], MASKED_PHONE);
    const approved = facts(expandCard('phone-approval', decided('approved'), 'en'));
    assert.equal(approved['Previous number'], MASKED_PHONE);
    assert.equal(approved['New number'], '+45 •• •• •6 54');
    for (const outcome of ['rejected', 'obsolete'] as const) {
      const kept = facts(expandCard('phone-approval', decided(outcome), 'en'));
      assert.equal(kept['Number on file'], MASKED_PHONE, outcome);
      assert.equal(kept['Requested number'], '+45 •• •• •6 54', outcome);
    }
    for (const locale of ['en', 'da', 'de', 'fr', 'es']) {
      const now = translate(locale, 'approval.currentNumber');
      for (const outcome of ['approved', 'rejected', 'obsolete'] as const) {
        assert.ok(
          !(now in facts(expandCard('phone-approval', decided(outcome), locale))),
          `${locale} ${outcome}`,
        );
      }
    }
  });

  it('keeps the buttons and says why after a failed write', () => {
    const card = expandCard('phone-approval', approvalData({ writeFailed: true }), 'fr-FR');
    assert.match(allText(card), /Entra ID a échoué/);
    assert.equal(nodesOfType(card, 'Action.Execute').length, 2);
  });

  it('shows names exactly as typed: in TextRuns, never as Markdown or templates', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax in data is the point
    const name = '[boss](https://evil.example) ${user.id}';
    const card = expandCard('phone-approval', approvalData({ userDisplayName: name }), 'en');
    const holders = nodesOfType(card, 'TextBlock', 'TextRun').filter((node) =>
      String(node.text).includes(name),
    );
    assert.ok(holders.length >= 2);
    assert.ok(holders.every((node) => node.type === 'TextRun'));
  });

  it('composes from the domain records and drops the token once decided', () => {
    const record = {
      ...newWaveUser(
        'w1',
        { id: 'u1', userPrincipalName: 'u1@contoso.example', displayName: 'U One' },
        new Date(),
      ),
      phoneMasked: MASKED_PHONE,
    };
    const wave = {
      id: 'w1',
      name: 'Pilot',
      source: { kind: 'group' as const, groupId: 'g' },
      status: 'active' as const,
      createdBy: { id: 'a', name: 'Admin' },
      createdAt: '2026-11-01T00:00:00Z',
      deadline: '2026-12-01T00:00:00Z',
      total: 1,
      locale: 'da',
    };
    const waiting = composePhoneApprovalCard({ record, wave, newPhone: '+45 20 98 76 54', token: TOKEN });
    assert.equal(waiting.content.lang, 'da', 'the admin cards speak the wave’s language');
    assert.equal(nodesOfType(waiting.content, 'Action.Execute').length, 2);
    const approved = composePhoneApprovalCard({
      record,
      wave,
      newPhone: '+45 •• •• •6 54',
      token: TOKEN,
      decision: { outcome: 'approved', by: 'Bo' },
    });
    assert.equal(nodesOfType(approved.content, 'Action.Execute').length, 0);
    assert.doesNotMatch(JSON.stringify(approved.content), new RegExp(TOKEN.slice(0, 12)));
  });
});
