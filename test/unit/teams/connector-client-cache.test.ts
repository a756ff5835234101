import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectorClient } from 'botframework-connector';
import { ConnectorClientCache } from '../../../src/teams/single-attempt-connector';

const client = (name: string) => ({ name }) as unknown as ConnectorClient;

describe('ConnectorClientCache', () => {
  it('builds one client per key and hands the same one out again', async () => {
    const cache = new ConnectorClientCache();
    let builds = 0;
    const build = async () => {
      builds += 1;
      return client('a');
    };
    const [first, second] = await Promise.all([cache.get('k', build), cache.get('k', build)]);
    assert.equal(first, second);
    assert.equal(builds, 1);
    await cache.get('other', build);
    assert.equal(builds, 2);
  });

  it('forgets a failed build so the next call tries again', async () => {
    const cache = new ConnectorClientCache();
    await assert.rejects(
      cache.get('k', async () => Promise.reject(new Error('no token'))),
      /no token/,
    );
    assert.deepEqual(await cache.get('k', async () => client('b')), client('b'));
  });

  it('keeps at most maxEntries clients', async () => {
    const cache = new ConnectorClientCache(2);
    let builds = 0;
    const build = async () => {
      builds += 1;
      return client(String(builds));
    };
    await cache.get('a', build);
    await cache.get('b', build);
    await cache.get('c', build); // evicts 'a'
    await cache.get('a', build);
    assert.equal(builds, 4);
  });
});
