/**
 * The Agents Playground tenant of `npm run dev`, as one person or another sees it. The UI acts only
 * as the config's `currentUser`, so acting as somebody else (Megan, the helpdesk, approving a number
 * Adele corrected) takes a Playground started with another config: this builds it. The people come
 * from the sample tenant; the repository's `.m365agentsplayground.yml` is `playgroundConfigAs('adele')`
 * (a unit test keeps the two equal).
 */
import { SAMPLE_GROUPS, SAMPLE_TENANT_ID, SAMPLE_USERS } from '../graph-sim/sample-ids';
import { loadSampleTenant } from '../graph-sim/tenant-schema';
import type { PlaygroundConfig, PlaygroundUser } from './config-types';

/** Who a Playground can be: the six people it shows (the schema allows the current user and five more). */
export const PLAYGROUND_PEOPLE = ['adele', 'alex', 'diego', 'isaiah', 'lidia', 'megan'] as const;
export type PlaygroundPerson = (typeof PLAYGROUND_PEOPLE)[number];

/** The team channel "MFA Rollout": the dev world's admin (helpdesk) channel, ADMIN_CHANNEL_ID. */
export const DEV_ADMIN_CHANNEL_ID = '19:mfa-rollout-admin@thread.tacv2';
const DEV_TEAM_NAME = 'IT Rollout';
const DEV_ADMIN_CHANNEL_TITLE = 'MFA Rollout';
/** The admin channel as the Playground shows it (ADMIN_CHANNEL_NAME). */
export const DEV_ADMIN_CHANNEL_NAME = `${DEV_TEAM_NAME} › ${DEV_ADMIN_CHANNEL_TITLE}`;

export function isPlaygroundPerson(name: string): name is PlaygroundPerson {
  return (PLAYGROUND_PEOPLE as readonly string[]).includes(name);
}

/** A member of the sample tenant's rollout admin group: the admin channel is for them. */
export function isSampleAdmin(person: PlaygroundPerson): boolean {
  const admins = loadSampleTenant().groups.find((group) => group.id === SAMPLE_GROUPS.admins);
  return admins?.members.includes(SAMPLE_USERS[person]) ?? false;
}

function playgroundUser(userId: string): PlaygroundUser {
  const user = loadSampleTenant().users.find((candidate) => candidate.id === userId);
  if (!user) throw new Error(`the sample tenant has no user ${userId}`);
  return {
    id: user.id,
    name: user.displayName,
    userPrincipleName: user.userPrincipalName,
    aadObjectId: user.id,
    givenName: user.givenName ?? '',
    surname: user.surname ?? '',
    email: user.mail ?? user.userPrincipalName,
  };
}

/** The same tenant, chats and team for everybody; only who the UI is (and their personal chat) changes. */
export function playgroundConfigAs(person: PlaygroundPerson): PlaygroundConfig {
  const others = PLAYGROUND_PEOPLE.filter((other) => other !== person).map((other) =>
    playgroundUser(SAMPLE_USERS[other]),
  );
  return {
    version: '0.1.1',
    tenantId: SAMPLE_TENANT_ID,
    bot: { id: '5e2b9c41-7a3d-4f6e-b812-6d0c4a9e3f15', name: 'MFA Rollout' },
    currentUser: playgroundUser(SAMPLE_USERS[person]),
    users: others as PlaygroundConfig['users'],
    // Fixed, so the bot's stored reference to the chat stays valid across restarts.
    personalChat: { id: `a:1mfa-rollout-personal-${person}` },
    groupChat: { id: '19:mfa-rollout-group-chat@thread.v2', name: 'MFA Rollout pilot' },
    team: {
      id: '19:it-rollout-general@thread.tacv2',
      name: DEV_TEAM_NAME,
      aadGroupId: '9a0e1b2c-1111-4111-8111-000000000004',
      channels: [{ id: DEV_ADMIN_CHANNEL_ID, name: DEV_ADMIN_CHANNEL_TITLE }],
    },
  };
}
