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
