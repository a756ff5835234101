import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** scripts/test.ts starts a private redis-server and exports its URL; a test never uses a shared one by accident. */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url)
    throw new Error('REDIS_URL is not set: run tests through `npm test` (it starts a private redis-server)');
  return url;
}

/** Every test gets its own key prefix, so tests run side by side on one Redis without seeing each other. */
export function randomPrefix(label = 't'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
