import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type FaultContext,
  FaultInjector,
  InvalidFaultError,
} from '../../../../src/dev/connector-sim/faults';
import type { SimOperation } from '../../../../src/dev/connector-sim/types';

function context(operation: SimOperation, aadObjectId?: string, conversationId?: string): FaultContext {
  return { operation, aadObjectId, conversationId };
}

describe('FaultInjector', () => {
  it('scripted faults fire for matching requests only, as many times as asked', () => {
    const faults = new FaultInjector();
    faults.failNext(503, { match: { aadObjectId: 'u1', operation: 'sendToConversation' }, times: 2 });

    assert.equal(faults.takeScripted(context('sendToConversation', 'u2')), undefined);
    assert.equal(faults.takeScripted(context('updateActivity', 'u1')), undefined);
    assert.equal(faults.takeScripted(context('sendToConversation', 'u1'))?.action.kind, 'status');
    assert.equal(faults.takeScripted(context('sendToConversation', 'u1'))?.reason, 'scripted');
    assert.equal(faults.takeScripted(context('sendToConversation', 'u1')), undefined);
  });

  it('scripted faults fire in the order they were queued', () => {
    const faults = new FaultInjector();
    faults.failNext(429, { retryAfterSeconds: 3 });
    faults.timeoutNext({ mode: 'destroy' });
    assert.deepEqual(faults.takeScripted(context('sendToConversation'))?.action, {
      kind: 'status',
      status: 429,
      retryAfterSeconds: 3,
    });
    assert.deepEqual(faults.takeScripted(context('sendToConversation'))?.action, {
      kind: 'timeout',
      mode: 'destroy',
      deliver: undefined,
    });
  });

  it('refuses faults that are not faults', () => {
    const faults = new FaultInjector();
    assert.throws(() => faults.failNext(200), InvalidFaultError);
    assert.throws(() => faults.failNext(500, { times: 0 }), InvalidFaultError);
    assert.throws(() => faults.setRandom({ probabilities: { '429': 0.7, '502': 0.7 } }), InvalidFaultError);
    assert.throws(() => faults.setRandom({ probabilities: { '429': -1 } }), InvalidFaultError);
  });

  it('answers per user: gone, uninstalled, blocked (creating a blocked user’s chat still works)', async () => {
    const faults = new FaultInjector();
    faults.blockUser('blocked');
    faults.markUninstalled('removed');
    faults.removeUser('gone');

    assert.equal(await faults.userState(context('createConversation', 'blocked')), undefined);
    assert.equal((await faults.userState(context('sendToConversation', 'blocked')))?.reason, 'blocked');
    assert.equal((await faults.userState(context('createConversation', 'removed')))?.reason, 'not-installed');
    assert.equal((await faults.userState(context('sendToConversation', 'removed')))?.reason, 'not-installed');
    assert.equal((await faults.userState(context('sendToConversation', 'gone')))?.reason, 'user-gone');
    assert.equal(await faults.userState(context('sendToConversation', 'someone')), undefined);

    faults.restoreUser('blocked');
    assert.equal(await faults.userState(context('sendToConversation', 'blocked')), undefined);
  });

  it('requireInstall consults the installed set and the hook for createConversation', async () => {
    const hooked = new Set(['via-hook']);
    const faults = new FaultInjector({
      requireInstall: true,
      installed: ['preset'],
      isInstalled: (id) => hooked.has(id),
    });

    assert.equal(await faults.userState(context('createConversation', 'preset')), undefined);
    assert.equal(await faults.userState(context('createConversation', 'via-hook')), undefined);
    assert.equal(
      (await faults.userState(context('createConversation', 'stranger')))?.reason,
      'not-installed',
    );
    faults.markInstalled('stranger');
    assert.equal(await faults.userState(context('createConversation', 'stranger')), undefined);

    faults.reset();
    assert.deepEqual(faults.snapshot().installed, ['preset']);
  });

  it('random faults follow their probabilities and replay from the seed', () => {
    const roll = (seed: number) => {
      const faults = new FaultInjector({ random: { probabilities: { '429': 0.2, '502': 0.1 }, seed } });
      return Array.from({ length: 2_000 }, () => {
        const decision = faults.rollRandom(context('sendToConversation'));
        return decision?.action.kind === 'status' ? decision.action.status : 0;
      });
    };
    const first = roll(42);
    assert.deepEqual(roll(42), first);
    assert.notDeepEqual(roll(43), first);
    const share = (status: number) => first.filter((value) => value === status).length / first.length;
    assert.ok(Math.abs(share(429) - 0.2) < 0.04, `429 share ${share(429)}`);
    assert.ok(Math.abs(share(502) - 0.1) < 0.03, `502 share ${share(502)}`);
  });

  it('random faults can be limited to some operations and cleared', () => {
    const faults = new FaultInjector();
    faults.setRandom({
      probabilities: { timeout: 1 },
      operations: ['createConversation'],
      timeoutMode: 'destroy',
    });
    assert.equal(faults.rollRandom(context('sendToConversation')), undefined);
    assert.deepEqual(faults.rollRandom(context('createConversation'))?.action, {
      kind: 'timeout',
      mode: 'destroy',
    });
    faults.clear();
    assert.equal(faults.rollRandom(context('createConversation')), undefined);
  });
});
