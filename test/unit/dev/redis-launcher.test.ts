import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { launchRedis, RedisBinaryMissingError } from '../../../src/dev/redis-launcher';

describe('launchRedis', () => {
  it('says how to install redis-server on Debian/Ubuntu, macOS and Docker when it is not on the PATH', async () => {
    const emptyBin = mkdtempSync(join(tmpdir(), 'no-redis-'));
    const path = process.env.PATH;
    process.env.PATH = emptyBin;
    try {
      await assert.rejects(launchRedis({ dataDir: emptyBin, persistent: false }), (error: unknown) => {
        assert.ok(error instanceof RedisBinaryMissingError);
        assert.match(error.message, /apt-get install -y redis-server/);
        assert.match(error.message, /brew install redis/);
        assert.match(error.message, /docker run/);
        assert.match(error.message, /REDIS_URL/);
        return true;
      });
    } finally {
      process.env.PATH = path;
      rmSync(emptyBin, { recursive: true, force: true });
    }
  });

  it('starts a private redis-server with noeviction and AOF on a free port, and stops it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redis-data-'));
    const redis = await launchRedis({ dataDir });
    try {
      const { Redis } = await import('ioredis');
      const client = new Redis(redis.url);
      const [, policy] = (await client.config('GET', 'maxmemory-policy')) as string[];
      const [, aof] = (await client.config('GET', 'appendonly')) as string[];
      client.disconnect();
      assert.equal(policy, 'noeviction');
      assert.equal(aof, 'yes');
    } finally {
      await redis.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
