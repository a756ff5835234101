/** A fixed test tenant for the Agents Playground; the config type and writer live with the launcher. */
import type { PlaygroundConfig, PlaygroundUser } from '../../../src/dev/playground/config-types';

export {
  PLAYGROUND_CONFIG_FILE,
  type PlaygroundConfig,
  type PlaygroundUser,
  writePlaygroundConfig,
} from '../../../src/dev/playground/config-types';

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
