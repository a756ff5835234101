/**
 * The Agents Playground's `.m365agentsplayground.yml` (schema 0.1.1, strict) as a type, a fixed test
 * tenant, and a writer. JSON is valid YAML 1.2 and the Playground parses the file with the `yaml`
 * package, so the writer emits JSON: no YAML dependency, no quoting surprises in ids like `19:…`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PLAYGROUND_CONFIG_FILE, type PlaygroundUser } from '../../../src/dev/playground/config-types';

export { PLAYGROUND_CONFIG_FILE, type PlaygroundUser } from '../../../src/dev/playground/config-types';

export interface PlaygroundConfig {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  /** The only person the UI can act as. */
  currentUser: PlaygroundUser;
  /** Exactly 5, none of them `currentUser` (ids must be unique across both). */
  users: [PlaygroundUser, PlaygroundUser, PlaygroundUser, PlaygroundUser, PlaygroundUser];
  /** Fixed so conversation references stay valid across restarts. */
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  /** `team.id` is also the General channel's conversation id; at most one more channel. */
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

/** Channel id (`29:…`, like Teams) deliberately differs from the Entra object id, so tests can tell them apart. */
function person(n: number, given: string, surname: string): PlaygroundUser {
  const upn = `${given}${surname[0]}@playground.test`;
  return {
    id: `29:1playground-user-${n}`,
    name: `${given} ${surname}`,
    userPrincipleName: upn,
    aadObjectId: `7e57c0de-0000-4000-8000-00000000000${n}`,
    givenName: given,
    surname,
    email: upn,
  };
}

/** A small fixed tenant for UI tests; independent of the repo's own `.m365agentsplayground.yml`. */
export function testPlaygroundConfig(): PlaygroundConfig {
  return {
    version: '0.1.1',
    tenantId: '7e57c0de-0000-4000-8000-0000000000aa',
    bot: { id: '7e57c0de-0000-4000-8000-0000000000b0', name: 'Smoke Bot' },
    currentUser: person(1, 'Adele', 'Vance'),
    users: [
      person(2, 'Alex', 'Wilber'),
      person(3, 'Diego', 'Siciliani'),
      person(4, 'Isaiah', 'Langer'),
      person(5, 'Lidia', 'Holloway'),
      person(6, 'Megan', 'Bowen'),
    ],
    personalChat: { id: 'a:1playground-smoke-personal' },
    groupChat: { id: '19:playground-smoke-group@thread.v2', name: 'Smoke group' },
    team: {
      id: '19:playground-smoke-general@thread.tacv2',
      name: 'Smoke team',
      aadGroupId: '7e57c0de-0000-4000-8000-0000000000c0',
      channels: [{ id: '19:playground-smoke-channel@thread.tacv2', name: 'Smoke channel' }],
    },
  };
}

/** Writes `<dir>/.m365agentsplayground.yml` and returns its path. */
export function writePlaygroundConfig(dir: string, config: PlaygroundConfig): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, PLAYGROUND_CONFIG_FILE);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}
