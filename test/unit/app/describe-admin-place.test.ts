import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AdminPlace, describeAdminPlace } from '../../../src/app/admin-posts';

const channel: AdminPlace = {
  kind: 'admin-channel',
  reference: {
    conversation: {
      id: '19:mfa-rollout-admin@thread.tacv2',
      isGroup: true,
      conversationType: 'channel',
      name: '',
    },
  },
};
const adeleChat = {
  conversation: {
    id: 'a:1mfa-rollout-personal-adele',
    isGroup: false,
    conversationType: 'personal',
    name: '',
  },
  user: { id: '29:adele', name: 'Adele Vance' },
};

describe('where admin posts go, in words', () => {
  it('names the admin channel when its name is known, with the id in brackets', () => {
    assert.equal(
      describeAdminPlace(channel, { ADMIN_CHANNEL_NAME: 'IT Rollout › MFA Rollout' }),
      'the admin channel IT Rollout › MFA Rollout (19:mfa-rollout-admin@thread.tacv2)',
    );
    assert.equal(
      describeAdminPlace(channel),
      'the admin channel 19:mfa-rollout-admin@thread.tacv2 (ADMIN_CHANNEL_ID)',
    );
  });

  it("calls a personal chat the person's chat with the bot, not a raw id", () => {
    assert.equal(
      describeAdminPlace({ kind: 'wave-chat', reference: adeleChat }),
      "Adele Vance's chat with the bot, where the wave was started (a:1mfa-rollout-personal-adele)",
    );
    assert.equal(
      describeAdminPlace({
        kind: 'last-admin-chat',
        reference: adeleChat,
        admin: { id: 'adele', name: 'Adele Vance' },
      }),
      "Adele Vance's chat with the bot, where they last gave it a command (a:1mfa-rollout-personal-adele)",
    );
  });

  it('says what it can of a conversation it knows less about', () => {
    assert.equal(
      describeAdminPlace({
        kind: 'wave-chat',
        reference: { conversation: { id: 'x', isGroup: true, conversationType: 'groupChat', name: 'Pilot' } },
      }),
      'the group chat Pilot, where the wave was started (x)',
    );
    assert.equal(
      describeAdminPlace({ kind: 'wave-chat', reference: { conversation: { id: 'y' } as never } }),
      'the conversation chosen when the wave started (y)',
    );
    assert.match(describeAdminPlace(undefined), /^nowhere in Teams/);
  });
});
