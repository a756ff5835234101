import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config';

describe('config', () => {
  it('starts in development with defaults and a development token secret', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3978);
    assert.equal(config.NODE_ENV, 'development');
    assert.ok(config.ACTION_TOKEN_SECRET.length >= 32);
  });

  it('names the variable that is wrong, in one line', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /^ConfigError: Invalid configuration: PORT: /);
    assert.throws(() => loadConfig({ GRAPH_BASE_URL: 'not a url' }), /GRAPH_BASE_URL/);
    assert.throws(() => loadConfig({ ADMIN_GROUP_ID: 'admins' }), /ADMIN_GROUP_ID: expected a GUID/);
    assert.throws(
      () => loadConfig({ ADMIN_CHANNEL_ID: 'MFA Rollout' }),
      /ADMIN_CHANNEL_ID: expected a Teams channel id/,
    );
  });

  it('takes the admin channel by its Teams conversation id', () => {
    assert.equal(loadConfig({}).ADMIN_CHANNEL_ID, '');
    const id = '19:a1b2c3d4e5f6@thread.tacv2';
    assert.equal(loadConfig({ ADMIN_CHANNEL_ID: id }).ADMIN_CHANNEL_ID, id);
  });

  it("takes the language of CLI waves' admin cards as a locale tag", () => {
    assert.equal(loadConfig({}).WAVE_DEFAULT_LOCALE, 'en');
    assert.equal(loadConfig({ WAVE_DEFAULT_LOCALE: ' da-DK ' }).WAVE_DEFAULT_LOCALE, 'da-DK');
    assert.throws(
      () => loadConfig({ WAVE_DEFAULT_LOCALE: 'Danish please' }),
      /WAVE_DEFAULT_LOCALE: expected a locale tag such as en, en-US or da-DK/,
    );
  });

  it("paces identity writes at 0.95 of Graph's 3,000 per 150 s, and at least one $batch per window", () => {
    const config = loadConfig({});
    assert.equal(config.GRAPH_IDENTITY_WRITES_PER_WINDOW, 2850);
    assert.equal(config.GRAPH_IDENTITY_WRITE_WINDOW_SECONDS, 150);
    assert.equal(
      loadConfig({ GRAPH_IDENTITY_WRITES_PER_WINDOW: '300' }).GRAPH_IDENTITY_WRITES_PER_WINDOW,
      300,
    );
    assert.throws(
      () => loadConfig({ GRAPH_IDENTITY_WRITES_PER_WINDOW: '19' }),
      /GRAPH_IDENTITY_WRITES_PER_WINDOW/,
    );
    assert.throws(
      () => loadConfig({ GRAPH_IDENTITY_WRITE_WINDOW_SECONDS: '0' }),
      /GRAPH_IDENTITY_WRITE_WINDOW_SECONDS/,
    );
  });

  it('refuses to start in production without bot credentials', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /BOT_ID is required in production/);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', BOT_ID: 'id', BOT_PASSWORD: '' }),
      /BOT_PASSWORD is required in production/,
    );
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      BOT_ID: 'id',
      BOT_PASSWORD: 'pw',
      BOT_TENANT_ID: 't',
      ACTION_TOKEN_SECRET: 'x'.repeat(40),
      REDIS_URL: 'redis://r:6379',
      ADMIN_USER_IDS: 'a, b',
    });
    assert.deepEqual(config.ADMIN_USER_IDS, ['a', 'b']);
  });
});
