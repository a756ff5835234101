import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { botFrameworkAuthOptions } from '../../../src/teams/authentication';

describe('botFrameworkAuthOptions', () => {
  it('an empty BOT_ID is local mode, whatever BOT_TYPE says (botbuilder needs MultiTenant for it)', () => {
    assert.deepEqual(
      botFrameworkAuthOptions({
        BOT_ID: '',
        BOT_PASSWORD: 'ignored',
        BOT_TYPE: 'SingleTenant',
        BOT_TENANT_ID: 't',
      }),
      { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' },
    );
  });

  it('maps a single-tenant bot', () => {
    assert.deepEqual(
      botFrameworkAuthOptions({
        BOT_ID: 'app',
        BOT_PASSWORD: 'secret',
        BOT_TYPE: 'SingleTenant',
        BOT_TENANT_ID: 't',
      }),
      {
        MicrosoftAppId: 'app',
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: 't',
      },
    );
  });

  it('a managed identity never sends a password', () => {
    const options = botFrameworkAuthOptions({
      BOT_ID: 'app',
      BOT_PASSWORD: 'left-over',
      BOT_TYPE: 'UserAssignedMSI',
      BOT_TENANT_ID: 't',
    });
    assert.equal(options.MicrosoftAppPassword, '');
    assert.equal(options.MicrosoftAppType, 'UserAssignedMSI');
  });
});
