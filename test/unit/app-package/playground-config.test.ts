import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { playgroundConfigAs } from '../../../src/dev/playground/dev-tenant';
import { list, readText, readYaml, record, text, type YamlRecord } from './files';

/** The sample tenant's people: `0b4c2a1e-3d5f-4a60-8b71-00000000000N`, same in the Graph simulator. */
const PERSON_ID = /^0b4c2a1e-3d5f-4a60-8b71-00000000000[1-9]$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TENANT_ID = '3f6d2a4b-5c7e-4f80-9a1b-2c3d4e5f6a7b';
const USER_KEYS = ['aadObjectId', 'email', 'givenName', 'id', 'name', 'surname', 'userPrincipleName'];

/** Who must be there, by id (Adele is the current user; the other four are among `users`). */
const REQUIRED_PEOPLE: Record<string, string> = {
  '0b4c2a1e-3d5f-4a60-8b71-000000000001': 'Adele Vance',
  '0b4c2a1e-3d5f-4a60-8b71-000000000002': 'Alex Wilber',
  '0b4c2a1e-3d5f-4a60-8b71-000000000003': 'Diego Siciliani',
  '0b4c2a1e-3d5f-4a60-8b71-000000000004': 'Isaiah Langer',
  '0b4c2a1e-3d5f-4a60-8b71-000000000005': 'Lidia Holloway',
};

const config = record(readYaml('.m365agentsplayground.yml'), 'config');
const currentUser = record(config.currentUser, 'currentUser');
const users = list(config.users, 'users').map((user, i) => record(user, `users[${i}]`));
const people: YamlRecord[] = [currentUser, ...users];
const team = record(config.team, 'team');
const channels = list(team.channels, 'team.channels').map((c, i) => record(c, `channels[${i}]`));

describe('.m365agentsplayground.yml', () => {
  it('has exactly the keys of schema 0.1.1', () => {
    assert.equal(config.version, '0.1.1');
    assert.deepEqual(Object.keys(config).sort(), [
      'bot',
      'currentUser',
      'groupChat',
      'personalChat',
      'team',
      'tenantId',
      'users',
      'version',
    ]);
    for (const person of people) assert.deepEqual(Object.keys(person).sort(), USER_KEYS);
  });

  it('is the sample tenant, with the MFA Rollout bot', () => {
    assert.equal(config.tenantId, TENANT_ID);
    const bot = record(config.bot, 'bot');
    assert.match(text(bot.id, 'bot.id'), GUID);
    assert.equal(bot.name, 'MFA Rollout');
  });

  it('has exactly 5 users besides the current user, who is Adele Vance', () => {
    assert.equal(users.length, 5);
    assert.equal(currentUser.id, '0b4c2a1e-3d5f-4a60-8b71-000000000001');
    assert.equal(currentUser.name, 'Adele Vance');
    assert.equal(currentUser.userPrincipleName, 'AdeleV@contoso.onmicrosoft.com');
  });

  it('never repeats a person: the Playground refuses duplicate user ids', () => {
    const ids = people.map((person) => person.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
    assert.ok(!users.some((user) => user.id === currentUser.id), 'currentUser must not be listed in users');
  });

  it('includes Adele, Alex, Diego, Isaiah and Lidia by their sample tenant ids', () => {
    const byId = new Map(people.map((person) => [person.id, person.name]));
    for (const [id, name] of Object.entries(REQUIRED_PEOPLE)) assert.equal(byId.get(id), name, id);
  });

  it('gives every person ids and addresses in the documented form', () => {
    for (const person of people) {
      const id = text(person.id, 'id');
      assert.match(id, PERSON_ID);
      assert.equal(person.aadObjectId, id, `${id}: aadObjectId must equal id`);
      const given = text(person.givenName, 'givenName');
      const surname = text(person.surname, 'surname');
      assert.equal(person.name, `${given} ${surname}`);
      assert.equal(person.userPrincipleName, `${given}${surname[0]}@contoso.onmicrosoft.com`);
      assert.equal(person.email, person.userPrincipleName);
    }
  });

  it('matches the people of src/dev/sample-tenant.json', () => {
    const tenant = JSON.parse(readText('src', 'dev', 'sample-tenant.json')) as {
      tenantId: string;
      users: { id: string; userPrincipalName: string; displayName: string }[];
    };
    assert.equal(tenant.tenantId, config.tenantId);
    for (const person of people) {
      const match = tenant.users.find((user) => user.id === person.id);
      assert.ok(match, `${String(person.id)} is not in the sample tenant`);
      assert.equal(match.userPrincipalName, person.userPrincipleName);
      assert.equal(match.displayName, person.name);
    }
  });

  it('has fixed, distinct conversation ids', () => {
    const ids = [
      text(record(config.personalChat, 'personalChat').id, 'personalChat.id'),
      text(record(config.groupChat, 'groupChat').id, 'groupChat.id'),
      text(team.id, 'team.id'),
      ...channels.map((channel) => text(channel.id, 'channel.id')),
    ];
    for (const id of ids) assert.ok(id.length > 0 && !id.includes('${') && !id.includes('__'), id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('has the IT Rollout team with the MFA Rollout admin channel (General is implicit)', () => {
    assert.equal(team.name, 'IT Rollout');
    assert.equal(team.aadGroupId, '9a0e1b2c-1111-4111-8111-000000000004');
    assert.ok(channels.length <= 1, 'the Playground allows one channel besides General');
    assert.deepEqual(
      channels.map((channel) => channel.name),
      ['MFA Rollout'],
    );
  });

  it('is the tenant the local world generates for Adele', () => {
    assert.deepEqual(config, playgroundConfigAs('adele'));
  });

  it('as Megan (the helpdesk): the same tenant, chats and team, with Megan as the UI user', () => {
    const megan = playgroundConfigAs('megan');
    assert.equal(megan.currentUser.name, 'Megan Bowen');
    assert.equal(megan.users.length, 5);
    assert.deepEqual(
      megan.users.map((user) => user.name),
      ['Adele Vance', 'Alex Wilber', 'Diego Siciliani', 'Isaiah Langer', 'Lidia Holloway'],
    );
    assert.notEqual(megan.personalChat.id, record(config.personalChat, 'personalChat').id);
    assert.deepEqual(
      { tenantId: megan.tenantId, bot: megan.bot, groupChat: megan.groupChat, team: megan.team },
      { tenantId: config.tenantId, bot: config.bot, groupChat: config.groupChat, team: config.team },
    );
  });
});
