import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { expandCard, LINK_NAMES, loadLinks, UnboundTemplateError } from '../../../src/cards';
import { awarenessData, messageData, useCardsCopy } from './fixtures';

describe('links.json', () => {
  it('has every link, all https, pointing at Microsoft by default', () => {
    const links = loadLinks();
    assert.deepEqual(Object.keys(links).sort(), [...LINK_NAMES].sort());
    for (const url of Object.values(links))
      assert.match(url, /^https:\/\/(aka\.ms|support\.microsoft\.com)\//);
    assert.equal(links.mySecurityInfo, 'https://aka.ms/mysecurityinfo');
  });
});

describe('a customised cards folder', () => {
  let copy: ReturnType<typeof useCardsCopy>;
  beforeEach(() => {
    copy = useCardsCopy();
  });
  afterEach(() => copy.restore());

  function edit(file: string, change: (json: Record<string, unknown>) => void): void {
    const path = join(copy.dir, file);
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    change(json);
    writeFileSync(path, JSON.stringify(json));
  }

  it('uses an admin’s own link', () => {
    edit('links.json', (links) => {
      links.mfaOverview = 'https://intranet.contoso.example/mfa (guide)';
    });
    const card = expandCard('message', messageData({ links: ['mfaOverview'] }), 'en');
    assert.match(JSON.stringify(card), /\(https:\/\/intranet\.contoso\.example\/mfa%20%28guide%29\)/);
  });

  it('refuses a non-https or missing link', () => {
    edit('links.json', (links) => {
      links.passkeys = 'http://example.com';
      delete links.commonProblems;
    });
    assert.throws(
      () => expandCard('message', messageData(), 'en'),
      /passkeys: must be an absolute https:\/\/ URL.*commonProblems/,
    );
  });

  it('throws UnboundTemplateError when a template binds something the data does not have', () => {
    edit('awareness.json', (template) => {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template binding, on purpose unbound
      (template.body as unknown[]).push({ type: 'TextBlock', text: 'Hi ${text.doesNotExist}', wrap: true });
    });
    assert.throws(
      () => expandCard('awareness', awarenessData(), 'en'),
      (error: unknown) =>
        error instanceof UnboundTemplateError && /body\[\d+\]\.text/.test(error.paths.join()),
    );
  });
});
