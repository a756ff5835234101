/** The Agents Playground's `.m365agentsplayground.yml` (schema 0.1.1, strict) as a type, and a writer. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PLAYGROUND_CONFIG_FILE = '.m365agentsplayground.yml';

export interface PlaygroundUser {
  id: string;
  name: string;
  /** Sic: the schema spells it "Principle". */
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

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

/**
 * Writes `<dir>/.m365agentsplayground.yml` and returns its path. JSON is valid YAML 1.2 and the
 * Playground parses the file with the `yaml` package, so no YAML writer and no quoting surprises
 * in ids like `19:…`.
 */
export function writePlaygroundConfig(dir: string, config: PlaygroundConfig): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, PLAYGROUND_CONFIG_FILE);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}
