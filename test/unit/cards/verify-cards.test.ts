import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCard } from '../../../src/cards';
import { composeVerifyAlertCard, VERIFY_CARD_MAX_USERS } from '../../../src/cards/verify-cards';
import { allText, LOCALE_TAGS } from './fixtures';

const config = { ORGANIZATION_NAME: 'Contoso', HELPDESK_CONTACT: '' };
const wave = { id: 'w-1', name: 'Pilot' };
/** A display name that looks like a template expression must stay literal text. */
const TRICKY = `${'$'}{oops} Lidia`;

describe('the Verify alert card', () => {
  for (const locale of LOCALE_TAGS) {
    it(`names each loss in ${locale}, fully bound and valid`, () => {
      const card = composeVerifyAlertCard({
        wave,
        findings: [
          { displayName: 'Alex Wilber', loss: 'lost-methods' },
          { displayName: TRICKY, loss: 'not-enforced' },
        ],
        readBack: 'group',
        config,
        locale,
      }).content;
      const text = allText(card);
      assert.ok(text.includes('Alex Wilber'));
      assert.ok(text.includes(TRICKY), 'a display name stays literal');
      assert.doesNotMatch(text.replace(TRICKY, ''), /\$\{|\{(name|wave|waveId|count)\}/);
      assert.deepEqual(validateCard(card), []);
    });
  }

  it('says per-user MFA for a per-user tenant, and counts the users past the first few', () => {
    const findings = Array.from({ length: VERIFY_CARD_MAX_USERS + 3 }, (_, index) => ({
      displayName: `User ${index}`,
      loss: 'not-enforced' as const,
    }));
    const text = allText(composeVerifyAlertCard({ wave, findings, readBack: 'per-user', config }).content);
    assert.match(text, /User 0: per-user MFA is no longer enforced/);
    assert.doesNotMatch(text, new RegExp(`User ${VERIFY_CARD_MAX_USERS}:`));
    assert.match(text, new RegExp(`${VERIFY_CARD_MAX_USERS + 3} users in all`));
  });
});
