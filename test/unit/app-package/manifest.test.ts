import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { placeholder, placeholders, readEnv, readText, repoPath, resolvePlaceholders } from './files';

/**
 * The newest manifest schema the Agents Toolkit CLI (@microsoft/m365agentstoolkit-cli 1.1.17) ships
 * and validates offline; its own Teams templates use it too.
 */
const MANIFEST_VERSION = '1.30';

/** Teams' documented bot command limits (stricter than the 1.30 JSON schema, which allows 128 / 12). */
const MAX_TITLE = 32;
const MAX_DESCRIPTION = 128;
const MAX_COMMANDS = 10;

const PERSONAL_COMMANDS = [
  'help',
  'what is mfa',
  'is this real',
  'lost my phone',
  'my status',
  'wave start',
  'wave status',
  'waves',
];
const TEAM_COMMANDS = ['wave start', 'wave status', 'waves', 'help'];

interface Command {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
interface Bot {
  botId: string;
  scopes: string[];
  supportsFiles?: boolean;
  isNotificationOnly?: boolean;
  commandLists?: CommandList[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  icons: { color: string; outline: string };
  name: { short: string; full?: string };
  description: { short: string; full: string };
  accentColor: string;
  bots: Bot[];
  validDomains?: string[];
  webApplicationInfo?: unknown;
}

const source = readText('appPackage', 'manifest.json');
const manifest = JSON.parse(source) as Manifest;
const bot = manifest.bots[0]!;

function commandList(scope: string): CommandList {
  const lists = (bot.commandLists ?? []).filter((entry) => entry.scopes.includes(scope));
  assert.equal(lists.length, 1, `exactly one command list for scope ${scope}`);
  return lists[0]!;
}

describe('appPackage/manifest.json', () => {
  it('uses the chosen schema version, with a matching $schema URL', () => {
    assert.equal(manifest.manifestVersion, MANIFEST_VERSION);
    assert.equal(
      manifest.$schema,
      `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    );
    assert.match(manifest.version, /^\d+\.\d+\.\d+$/);
  });

  it('takes the app id and bot id from the environment, never hard-coded', () => {
    assert.equal(manifest.id, placeholder('TEAMS_APP_ID'));
    assert.equal(manifest.bots.length, 1);
    assert.equal(bot.botId, placeholder('BOT_ID'));
  });

  it('only uses placeholders every Toolkit environment defines', () => {
    const used = placeholders(source);
    assert.deepEqual([...used].sort(), ['APP_NAME_SUFFIX', 'BOT_ID', 'TEAMS_APP_ID']);
    for (const envName of ['dev', 'local']) {
      const env = readEnv(envName);
      for (const name of used) assert.ok(env.has(name), `env/.env.${envName} must define ${name}`);
    }
  });

  it('stays within the name and description limits in every environment', () => {
    for (const envName of ['dev', 'local']) {
      const values = new Map(readEnv(envName));
      values.set('TEAMS_APP_ID', '00000000-0000-4000-8000-000000000001');
      values.set('BOT_ID', '00000000-0000-4000-8000-000000000002');
      const resolved = JSON.parse(resolvePlaceholders(source, values)) as Manifest;
      assert.ok(resolved.name.short.startsWith('MFA Rollout'), resolved.name.short);
      assert.ok(resolved.name.short.length <= 30, `${envName}: name.short too long`);
    }
    assert.ok((manifest.name.full ?? '').length <= 100);
    assert.ok(manifest.description.short.length <= 80, 'description.short > 80');
    assert.ok(manifest.description.full.length <= 4000, 'description.full > 4000');
    assert.ok(manifest.description.full.length > manifest.description.short.length);
    for (const word of ['admin', 'phone', 'wave']) {
      assert.match(
        manifest.description.full,
        new RegExp(word, 'i'),
        `description.full should mention ${word}`,
      );
    }
  });

  it('names a developer with https URLs and an accent colour', () => {
    assert.ok(manifest.developer.name.length > 0 && manifest.developer.name.length <= 32);
    for (const url of [
      manifest.developer.websiteUrl,
      manifest.developer.privacyUrl,
      manifest.developer.termsOfUseUrl,
    ]) {
      assert.match(url, /^https:\/\/[^\s$]+$/);
    }
    assert.match(manifest.accentColor, /^#[0-9A-Fa-f]{6}$/);
  });

  it('points at icon files that exist in appPackage/', () => {
    assert.equal(manifest.icons.color, 'color.png');
    assert.equal(manifest.icons.outline, 'outline.png');
    assert.ok(existsSync(repoPath('appPackage', manifest.icons.color)));
    assert.ok(existsSync(repoPath('appPackage', manifest.icons.outline)));
  });

  it('offers a conversational bot in personal and team scope that takes files (the preload CSV, 1:1 only)', () => {
    assert.ok(bot.scopes.includes('personal'));
    assert.ok(bot.scopes.includes('team'));
    assert.ok(
      bot.scopes.every((scope) => ['personal', 'team', 'groupChat'].includes(scope)),
      bot.scopes.join(),
    );
    // Teams delivers files to a bot in the personal scope only: an admin sends the preload CSV there.
    assert.equal(bot.supportsFiles, true);
    assert.equal(bot.isNotificationOnly, false);
  });

  it('lists the end-user and admin commands in personal scope, the admin ones in team scope', () => {
    assert.deepEqual(
      commandList('personal').commands.map((c) => c.title),
      PERSONAL_COMMANDS,
    );
    assert.deepEqual(
      commandList('team').commands.map((c) => c.title),
      TEAM_COMMANDS,
    );
  });

  it('keeps every command list within Teams limits', () => {
    for (const entry of bot.commandLists ?? []) {
      assert.ok(
        entry.commands.length <= MAX_COMMANDS,
        `${entry.scopes.join()}: more than ${MAX_COMMANDS} commands`,
      );
      const titles = entry.commands.map((c) => c.title.toLowerCase());
      assert.equal(new Set(titles).size, titles.length, 'duplicate command title');
      for (const command of entry.commands) {
        assert.ok(
          command.title.length > 0 && command.title.length <= MAX_TITLE,
          `title too long: ${command.title}`,
        );
        assert.ok(command.description, `${command.title} has no description`);
        assert.ok(command.description.length <= MAX_DESCRIPTION, `description too long: ${command.title}`);
      }
    }
  });

  it('asks for no domains and no Entra SSO', () => {
    assert.ok((manifest.validDomains ?? []).length <= 1);
    assert.equal(manifest.webApplicationInfo, undefined);
  });
});
