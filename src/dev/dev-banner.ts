/**
 * What `npm run dev` prints when its world is up, and what `npm run dev -- --as <person>` prints
 * next to it: where everything is, who the Playground's user is, and (for admins only) where the
 * helpdesk's approval cards land.
 */
import { WORLD_FILE_NAME } from '../cli/world-file';
import type { AttachedPlayground } from './attached-playgrounds';
import { SAMPLE_GROUPS } from './graph-sim';
import { DEV_ADMIN_CHANNEL_NAME, isSampleAdmin, type PlaygroundPerson } from './playground/dev-tenant';

/** What each person can do in the local world. */
const ROLES: Record<PlaygroundPerson, string> = {
  adele: 'rollout admin, in the pilot group',
  megan: 'helpdesk and rollout admin: approves corrected numbers',
  alex: 'in the pilot group',
  diego: 'in the pilot group, no phone number preloaded',
  isaiah: 'in the pilot group, already on Microsoft Authenticator',
  lidia: 'in the pilot group',
};

/** What the admin channel is for, told only to the people in the sample tenant's admin group. */
function adminChannelLines(person: PlaygroundPerson): string[] {
  if (!isSampleAdmin(person)) return [];
  if (person === 'adele')
    return [
      `Helpdesk approvals go to the channel "${DEV_ADMIN_CHANNEL_NAME}". To approve a number as Megan`,
      'Bowen, run `npm run dev -- --as megan` in a second terminal and open that channel there.',
    ];
  return [
    `Helpdesk approvals go to the channel "${DEV_ADMIN_CHANNEL_NAME}": open it first (the Playground`,
    "shows a channel's posts only once it was opened).",
  ];
}

export interface WorldBannerFacts {
  person: PlaygroundPerson;
  /** The Playground's current user, as it loaded them. */
  userName: string;
  playgroundUrl: string;
  botEndpoint: string;
  graphUrl: string;
  sampleUsers: number;
  teamsServiceUrl: string;
  /** People the Playground shows. */
  shown: number;
  redisUrl: string;
  redisPrefix: string;
  /** Redis is the private one, its data in .data/redis. */
  privateRedis: boolean;
  reattached: readonly AttachedPlayground[];
}

export function worldBanner(facts: WorldBannerFacts): string {
  return [
    '',
    'MFA rollout bot, running locally',
    `  Agents Playground  ${facts.playgroundUrl}   (you are ${facts.userName}: ${ROLES[facts.person]})`,
    `  Bot endpoint       ${facts.botEndpoint}   (/healthz, /readyz, /metrics on the same port)`,
    `  Graph simulator    ${facts.graphUrl}   (sample tenant: ${facts.sampleUsers} users)`,
    `  Teams              ${facts.teamsServiceUrl}   (the Playground's ${facts.shown} people there, everybody else in a connector simulator)`,
    `  Redis              ${facts.redisUrl}   key prefix ${facts.redisPrefix}${facts.privateRedis ? '   (data in .data/redis)' : ''}`,
    `  CLI                npm run cli -- waves   (finds this world through ${WORLD_FILE_NAME})`,
    '  Sign-in            none: BOT_ID is empty, so the bot checks and sends no Bot Framework tokens (this machine only)',
    ...facts.reattached.map(
      (other) =>
        `  Also attached      ${other.url}   (the Playground of \`npm run dev -- --as ${other.person}\`, still running)`,
    ),
    '',
    'In the Playground, write:',
    `  wave start ${SAMPLE_GROUPS.pilot} Pilot`,
    'then answer your own card, once: "Yes, that\'s my number" and watch the admin digest, or',
    '"That\'s not my number" to walk a correction through the helpdesk (README: "A wrong number").',
    ...adminChannelLines(facts.person),
    '',
  ].join('\n');
}

export interface SecondPlaygroundBannerFacts {
  person: PlaygroundPerson;
  userName: string;
  playgroundUrl: string;
  /** The running world's bot endpoint and Playground. */
  botEndpoint: string;
  worldPlaygroundUrl: string;
}

export function secondPlaygroundBanner(facts: SecondPlaygroundBannerFacts): string {
  return [
    '',
    `Agents Playground  ${facts.playgroundUrl}   (you are ${facts.userName}: ${ROLES[facts.person]})`,
    `  next to the local world on ${facts.botEndpoint} (${facts.worldPlaygroundUrl}). It stays attached when`,
    '  that `npm run dev` is restarted; Ctrl-C here closes only this Playground.',
    ...adminChannelLines(facts.person).map((line) => `  ${line}`),
    '',
  ].join('\n');
}
