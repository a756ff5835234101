import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SAMPLE_USERS } from '../../../src/dev/graph-sim';
import { cardText, personalMessage, type Stack, startStack } from '../../support/stack';

/**
 * A turn that fails (here: Graph answers 500 while the admin check reads the admin group) ends
 * with an apology in the writer's language that names the helpdesk, also when HELPDESK_CONTACT is
 * empty (then "your IT helpdesk", in that language).
 */
describe('the apology after a failed turn', () => {
  let stack: Stack;
  const adele = { aadObjectId: SAMPLE_USERS.adele, name: 'Adele Vance' };

  before(async () => {
    stack = await startStack({ env: { HELPDESK_CONTACT: '' } });
  });
  after(() => stack.close());

  async function failingTurn(locale: string, chat: string): Promise<string> {
    stack.graph.faults.inject({ method: 'POST', path: /checkMemberGroups$/, status: 500 });
    await stack.post({ ...personalMessage(stack, adele, 'waves', chat), locale });
    const replies = stack.connector.transcript.activitiesIn(chat);
    assert.equal(replies.length, 1);
    return replies[0]!.text || cardText(replies[0]!.attachments);
  }

  it('says sorry in English and names the generic helpdesk', async () => {
    assert.equal(
      await failingTurn('en-US', 'a:apology-en'),
      'Sorry, something went wrong on our side. Please try again in a moment; if it keeps happening, contact your IT helpdesk.',
    );
  });

  it('says sorry in Danish and names the helpdesk in Danish', async () => {
    assert.equal(
      await failingTurn('da-DK', 'a:apology-da'),
      'Beklager, noget gik galt hos os. Prøv igen om et øjeblik; sker det igen, så kontakt din IT-support.',
    );
  });
});
