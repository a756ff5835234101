import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../src/config';
import {
  list,
  placeholder,
  placeholders,
  readEnv,
  readText,
  readYaml,
  record,
  repoPath,
  resolvePlaceholders,
  text,
  type YamlRecord,
} from './files';

/** The newest yml schema the Agents Toolkit CLI 1.1.17 supports in its bot templates. */
const YAML_VERSION = 'v1.12';

const PROVISION = [
  'teamsApp/create',
  'botAadApp/create',
  'botFramework/create',
  'teamsApp/validateManifest',
  'teamsApp/zipAppPackage',
  'teamsApp/validateAppPackage',
  'teamsApp/update',
];

interface ProjectFile {
  name: string;
  env: string;
  doc: YamlRecord;
}

const files: ProjectFile[] = [
  { name: 'teamsapp.yml', env: 'dev' },
  { name: 'teamsapp.local.yml', env: 'local' },
  { name: 'teamsapp.testtool.yml', env: 'testtool' },
].map((file) => ({ ...file, doc: record(readYaml(file.name), file.name) }));

function file(name: string): ProjectFile {
  return files.find((f) => f.name === name)!;
}

function actions(doc: YamlRecord, stage: string): YamlRecord[] {
  if (doc[stage] === undefined) return [];
  return list(doc[stage], stage).map((action, i) => record(action, `${stage}[${i}]`));
}

function uses(doc: YamlRecord, stage: string): string[] {
  return actions(doc, stage).map((action) => text(action.uses, 'uses'));
}

function action(doc: YamlRecord, stage: string, name: string): YamlRecord {
  const found = actions(doc, stage).filter((a) => a.uses === name);
  assert.equal(found.length, 1, `${stage}: expected one ${name}`);
  return found[0]!;
}

function withArgs(step: YamlRecord): YamlRecord {
  return record(step.with, `${String(step.uses)}.with`);
}

/** What `file/createOrUpdateEnvironmentFile` writes for the bot, as strings. */
function runtimeEnv(doc: YamlRecord, target: string): Map<string, string> {
  const step = action(doc, 'deploy', 'file/createOrUpdateEnvironmentFile');
  const args = withArgs(step);
  assert.equal(args.target, target);
  const envs = record(args.envs, 'envs');
  return new Map(Object.entries(envs).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

describe('Agents Toolkit project files', () => {
  it('declare the same yml schema version, with a matching schema comment', () => {
    for (const { name, doc } of files) {
      assert.equal(doc.version, YAML_VERSION, name);
      assert.ok(
        readText(name).startsWith(
          `# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/${YAML_VERSION}/yaml.schema.json\n`,
        ),
        `${name}: schema comment`,
      );
      assert.equal(doc.environmentFolderPath, './env', name);
    }
  });

  it('provision a bot in dev and local: Teams app, bot Entra app, bot registration, package', () => {
    for (const name of ['teamsapp.yml', 'teamsapp.local.yml']) {
      const { doc } = file(name);
      assert.deepEqual(uses(doc, 'provision'), PROVISION, name);
      const registration = withArgs(action(doc, 'provision', 'botFramework/create'));
      assert.equal(registration.botId, placeholder('BOT_ID'));
      assert.equal(registration.messagingEndpoint, `${placeholder('BOT_ENDPOINT')}/api/messages`);
      assert.deepEqual(registration.channels, [{ name: 'msteams' }]);
      const botApp = record(
        action(doc, 'provision', 'botAadApp/create').writeToEnvironmentFile,
        'botAadApp out',
      );
      assert.deepEqual(botApp, { botId: 'BOT_ID', botPassword: 'SECRET_BOT_PASSWORD' });
      for (const step of actions(doc, 'provision')) {
        const args = step.with === undefined ? {} : withArgs(step);
        if (args.manifestPath !== undefined) assert.equal(args.manifestPath, './appPackage/manifest.json');
      }
    }
  });

  it('deploy to Azure only once there is a template to deploy', () => {
    for (const { name, doc } of files) {
      for (const stage of ['provision', 'deploy', 'publish']) {
        for (const step of actions(doc, stage).filter((a) => a.uses === 'arm/deploy')) {
          for (const template of list(withArgs(step).templates, 'templates')) {
            const path = text(record(template, 'template').path, 'template.path');
            assert.ok(existsSync(repoPath(path)), `${name}: ${path} does not exist`);
          }
        }
      }
    }
  });

  it('testtool needs no Entra app, no registration and no tenant', () => {
    const { doc } = file('teamsapp.testtool.yml');
    assert.deepEqual(uses(doc, 'provision'), []);
    const all = [...uses(doc, 'deploy'), ...uses(doc, 'publish')];
    for (const forbidden of ['aadApp/create', 'botAadApp/create', 'botFramework/create', 'teamsApp/create']) {
      assert.ok(!all.includes(forbidden), forbidden);
    }
    assert.equal(withArgs(action(doc, 'deploy', 'cli/runNpmCommand')).args, 'install');
    const env = runtimeEnv(doc, './.localConfigs.testtool');
    assert.equal(env.get('BOT_ID'), '');
    assert.equal(env.get('BOT_PASSWORD'), '');
  });

  it('write runtime settings the bot accepts (src/config.ts)', () => {
    const cases: Array<[string, string, Map<string, string>]> = [
      [
        'teamsapp.local.yml',
        './.localConfigs',
        new Map([
          ['BOT_ID', '00000000-0000-4000-8000-000000000002'],
          ['SECRET_BOT_PASSWORD', 'not-a-real-secret'],
          ['TEAMS_APP_ID', '00000000-0000-4000-8000-000000000001'],
          ['TEAMS_APP_TENANT_ID', '00000000-0000-4000-8000-000000000003'],
        ]),
      ],
      ['teamsapp.testtool.yml', './.localConfigs.testtool', readEnv('testtool')],
    ];
    for (const [name, target, values] of cases) {
      const env = runtimeEnv(file(name).doc, target);
      if (name === 'teamsapp.local.yml') {
        assert.equal(env.get('BOT_ID'), placeholder('BOT_ID'));
        assert.equal(env.get('BOT_PASSWORD'), placeholder('SECRET_BOT_PASSWORD'));
      }
      const resolved = Object.fromEntries(
        [...env].map(([key, value]) => [key, resolvePlaceholders(value, values)]),
      );
      for (const [key, value] of Object.entries(resolved))
        assert.ok(!value.includes('${{'), `${name}: ${key}`);
      if (name === 'teamsapp.testtool.yml') {
        const port = readEnv('testtool').get('TEAMSAPPTESTER_PORT');
        assert.equal(
          resolved.TEAMS_SERVICE_URL,
          `http://localhost:${port}/_connector`,
          'the Playground connector',
        );
      }
      const config = loadConfig(resolved);
      assert.equal(config.PORT, 3978, name);
      assert.equal(config.BOT_ID, resolved.BOT_ID);
    }
  });

  it('only reference variables that the env file or an earlier action defines', () => {
    for (const { name, env, doc } of files) {
      const known = new Set(readEnv(env).keys());
      for (const stage of ['provision', 'deploy', 'publish']) {
        for (const step of actions(doc, stage)) {
          for (const variable of placeholders(JSON.stringify(step.with ?? {}))) {
            assert.ok(
              known.has(variable) || variable.startsWith('SECRET_'),
              `${name} ${stage} ${String(step.uses)}: \${{${variable}}} is defined nowhere`,
            );
          }
          const out = step.writeToEnvironmentFile;
          if (out !== undefined)
            for (const value of Object.values(record(out, 'out'))) known.add(String(value));
        }
      }
    }
  });
});

describe('env files', () => {
  it('exist for dev, local and testtool, each naming its environment', () => {
    for (const name of ['dev', 'local', 'testtool']) assert.equal(readEnv(name).get('TEAMSFX_ENV'), name);
  });

  it('hold no secrets (those go to the git-ignored env/.env.*.user)', () => {
    for (const name of ['dev', 'local', 'testtool']) {
      for (const [key, value] of readEnv(name)) {
        assert.ok(!key.startsWith('SECRET_'), `env/.env.${name}: ${key}`);
        if (/PASSWORD|SECRET|KEY$/.test(key)) assert.equal(value, '', `env/.env.${name}: ${key} has a value`);
      }
    }
    const ignored = readText('.gitignore').split(/\r?\n/);
    for (const pattern of ['env/.env.*.user', '.localConfigs', '.localConfigs.*', 'appPackage/build/']) {
      assert.ok(ignored.includes(pattern), `.gitignore must list ${pattern}`);
    }
  });

  it('testtool runs the Playground on a fixed port and without a bot id', () => {
    const env = readEnv('testtool');
    assert.match(env.get('TEAMSAPPTESTER_PORT') ?? '', /^\d{4,5}$/);
    assert.ok(!env.get('BOT_ID'), 'testtool must not set BOT_ID');
  });
});
