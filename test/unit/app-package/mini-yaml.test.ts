import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { placeholder } from './files';
import { parseYamlSubset, YamlSubsetError } from './mini-yaml';

describe('parseYamlSubset', () => {
  it('reads nested mappings, sequences of mappings, quoted and plain scalars, comments', () => {
    const source = [
      '# comment',
      'version: "0.1.1"',
      'id: 19:abc@thread.tacv2 # trailing comment',
      'empty: ""',
      'port: 3978',
      'flag: false',
      `url: ${placeholder('BOT_ENDPOINT')}/api/messages`,
      'team:',
      '  name: IT Rollout',
      '  channels:',
      '    - id: 19:x@thread.tacv2',
      '      name: MFA Rollout',
      'steps:',
      '- uses: a/b',
      '  with:',
      "    args: 'it''s'",
      '- plain',
    ].join('\n');
    assert.deepEqual(parseYamlSubset(source), {
      version: '0.1.1',
      id: '19:abc@thread.tacv2',
      empty: '',
      port: 3978,
      flag: false,
      url: `${placeholder('BOT_ENDPOINT')}/api/messages`,
      team: { name: 'IT Rollout', channels: [{ id: '19:x@thread.tacv2', name: 'MFA Rollout' }] },
      steps: [{ uses: 'a/b', with: { args: "it's" } }, 'plain'],
    });
  });

  it('refuses what it does not understand instead of misreading it', () => {
    for (const source of [
      'a: [1, 2]',
      'a: {b: c}',
      'a: &anchor x',
      'a: |\n  text',
      'a: 1\na: 2',
      'a:\n\tb: 1',
      'a: 1\n   b: 2',
      'just text',
    ]) {
      assert.throws(() => parseYamlSubset(source), YamlSubsetError, source);
    }
  });
});
