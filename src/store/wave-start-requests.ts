import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RolloutKeys } from './keys';

/**
 * Wave starts asked for in chat, kept (as JSON, with an expiry) while the worker checks them and
 * while their overlap warning can be accepted. The caller owns the shape and checks it on reading.
 * Holds what the admin asked (group, name, where to answer): never a token.
 */
export class WaveStartRequests {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RolloutKeys,
  ) {}

  /** Stores a request; its id carries no colon or space (it goes into job ids). */
  async save(request: object, ttlSeconds: number): Promise<string> {
    const requestId = randomBytes(12).toString('hex');
    await this.redis.set(this.keys.waveStartRequest(requestId), JSON.stringify(request), 'EX', ttlSeconds);
    return requestId;
  }

  async get(requestId: string): Promise<unknown> {
    const raw = await this.redis.get(this.keys.waveStartRequest(requestId));
    return raw === null ? undefined : JSON.parse(raw);
  }

  /** Replaces a stored request, with a new expiry; nothing when it is gone. */
  async replace(requestId: string, request: object, ttlSeconds: number): Promise<boolean> {
    const written = await this.redis.set(
      this.keys.waveStartRequest(requestId),
      JSON.stringify(request),
      'EX',
      ttlSeconds,
      'XX',
    );
    return written === 'OK';
  }

  /** Reads and deletes in one step: of two callers at once, only one gets the request. */
  async take(requestId: string): Promise<unknown> {
    const raw = await this.redis.getdel(this.keys.waveStartRequest(requestId));
    return raw === null ? undefined : JSON.parse(raw);
  }
}
