import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secondPlaygroundBanner, worldBanner } from '../../../src/dev/dev-banner';
import type { PlaygroundPerson } from '../../../src/dev/playground/dev-tenant';

const second = (person: PlaygroundPerson, userName: string) =>
  secondPlaygroundBanner({
    person,
    userName,
    playgroundUrl: 'http://localhost:56151',
    botEndpoint: 'http://127.0.0.1:3978/api/messages',
    worldPlaygroundUrl: 'http://localhost:56150',
  });

const world = (person: PlaygroundPerson) =>
  worldBanner({
    person,
    userName: 'Someone',
    playgroundUrl: 'http://localhost:56150',
    botEndpoint: 'http://127.0.0.1:3978/api/messages',
    graphUrl: 'http://127.0.0.1:40000',
    sampleUsers: 60,
    teamsServiceUrl: 'http://127.0.0.1:3978/_dev/connector/',
    shown: 6,
    redisUrl: 'redis://127.0.0.1:40001',
    redisPrefix: 'mfa-dev',
    privateRedis: true,
    reattached: [
      {
        pid: 1,
        url: 'http://localhost:56151',
        port: 56151,
        person: 'megan',
        botEndpoint: 'http://127.0.0.1:3978/api/messages',
      },
    ],
  });

describe('the `npm run dev` banners', () => {
  it('tells only admins (the sample tenant admin group) to open the admin channel', () => {
    assert.match(second('megan', 'Megan Bowen'), /channel "IT Rollout › MFA Rollout": open it first/);
    for (const person of ['alex', 'diego', 'isaiah', 'lidia'] as const)
      assert.doesNotMatch(second(person, person), /channel/i, person);
    assert.match(world('adele'), /npm run dev -- --as megan/);
    assert.doesNotMatch(world('alex'), /channel/i);
  });

  it('says the second Playground stays attached across a restart, and the world that it attached it again', () => {
    assert.match(
      second('megan', 'Megan Bowen'),
      /It stays attached when\n {2}that `npm run dev` is restarted/,
    );
    assert.doesNotMatch(second('megan', 'Megan Bowen'), /pid/);
    assert.match(
      world('adele'),
      /Also attached {6}http:\/\/localhost:56151 {3}\(the Playground of `npm run dev -- --as megan`/,
    );
  });

  it('says, as the README does, that a card is answered once: Yes, or the wrong-number walk', () => {
    const banner = world('adele');
    assert.match(banner, /answer your own card, once/);
    assert.match(banner, /"That's not my number" to walk a correction through the helpdesk/);
  });

  it('says once that Bot Framework sign-in is off on this machine', () => {
    assert.match(world('adele'), /^ {2}Sign-in {12}none: BOT_ID is empty/m);
  });
});
