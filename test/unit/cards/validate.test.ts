import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCard, validateCard } from '../../../src/cards';
import { awarenessData } from './fixtures';

function card(body: unknown[], actions: unknown[] = [], version = '1.5') {
  return { type: 'AdaptiveCard', version, lang: 'en', body, actions };
}

const text = { type: 'TextBlock', text: 'Hello', wrap: true };
const execute = {
  type: 'Action.Execute',
  title: 'Go',
  verb: 'phone.confirm',
  data: { token: 't' },
  fallback: { type: 'Action.Submit', title: 'Go', data: { verb: 'phone.confirm', token: 't' } },
};

describe('validateCard', () => {
  it('accepts a well-formed card, every time (the library’s lang check is stateful)', () => {
    for (let round = 0; round < 3; round++) assert.deepEqual(validateCard(card([text], [execute])), []);
  });

  it('reports what the adaptivecards library finds', () => {
    assert.match(validateCard(card([{ type: 'Bogus' }])).join('\n'), /UnknownElementType/);
    assert.match(
      validateCard(card([{ ...text, size: 'huge' }])).join('\n'),
      /Invalid value "huge" for property "size"/,
    );
    assert.match(
      validateCard(card([], [{ type: 'Action.OpenUrl', title: 'x' }])).join('\n'),
      /"url" must be set/,
    );
    assert.match(validateCard({ type: 'Nope', body: [] }).join('\n'), /MissingCardType/);
  });

  it('reports elements newer than Teams’ schema 1.5', () => {
    const problems = validateCard(card([{ type: 'Icon', name: 'Calendar' }]));
    assert.match(problems.join('\n'), /UnknownElementType: Unknown element type "Icon"/);
  });

  it('requires version 1.5', () => {
    assert.match(validateCard(card([text], [], '1.2')).join('\n'), /must be "1\.5"/);
  });

  it('requires wrapping text and image alt text', () => {
    assert.match(validateCard(card([{ type: 'TextBlock', text: 'x' }])).join('\n'), /wrap: true/);
    assert.match(
      validateCard(card([{ type: 'Image', url: 'https://x.example/a.png' }])).join('\n'),
      /altText/,
    );
  });

  it('requires an Action.Submit fallback with the same verb and token on every Action.Execute', () => {
    const { fallback: _dropped, ...bare } = execute;
    assert.match(validateCard(card([text], [bare])).join('\n'), /needs an Action.Submit fallback/);
    const wrongVerb = {
      ...execute,
      fallback: { ...execute.fallback, data: { verb: 'phone.dispute', token: 't' } },
    };
    assert.match(validateCard(card([text], [wrongVerb])).join('\n'), /data.verb must be "phone.confirm"/);
    const wrongToken = {
      ...execute,
      fallback: { ...execute.fallback, data: { verb: 'phone.confirm', token: 'u' } },
    };
    assert.match(validateCard(card([text], [wrongToken])).join('\n'), /data.token must match/);
    const noVerb = { ...execute, verb: '' };
    assert.match(validateCard(card([text], [noVerb])).join('\n'), /has no verb/);
  });

  it('requires https links', () => {
    const problems = validateCard(
      card([text], [{ type: 'Action.OpenUrl', title: 'x', url: 'http://x.example' }]),
    );
    assert.match(problems.join('\n'), /https URL/);
  });

  it('flags a rendered card someone broke after rendering', () => {
    const rendered = expandCard('awareness', awarenessData(), 'en');
    const actions = rendered.actions as { fallback?: unknown }[];
    delete actions[0]?.fallback;
    assert.equal(validateCard(rendered).length, 1);
  });
});
