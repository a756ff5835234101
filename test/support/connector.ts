/**
 * Test helpers for anything that talks to Teams: a connector simulator on loopback and a real
 * CloudAdapter (local mode, no tokens) pointed at it.
 */
import type { ConversationReference } from 'botbuilder';
import {
  type ConnectorSimulator,
  type ConnectorSimulatorOptions,
  startConnectorSimulator,
} from '../../src/dev/connector-sim';
import { createLogger } from '../../src/logger';
import { type AdapterOptions, createCloudAdapter, type TeamsAdapter } from '../../src/teams/adapter';

export const TEST_TENANT_ID = '72f988bf-0000-4000-8000-000000000001';
/** Empty: botbuilder's local mode, no tokens in or out (the simulator asks for none). */
export const TEST_BOT_ID = '';

/** A stable, GUID-shaped AAD object id for test user n. */
export function testUserId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Starts a simulator; Teams' real limits are on unless options say otherwise. Close it in `after`. */
export function startTestConnector(options: ConnectorSimulatorOptions = {}): Promise<ConnectorSimulator> {
  return startConnectorSimulator(options);
}

/** The production adapter factory in local mode, with a silent logger. */
export function createTestCloudAdapter(options: AdapterOptions = {}): TeamsAdapter {
  return createCloudAdapter(
    { BOT_ID: TEST_BOT_ID, BOT_PASSWORD: '', BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: '' },
    createLogger('silent'),
    options,
  );
}

/** Opens the 1:1 chat of a test user on the simulator. */
export function openTestConversation(
  adapter: TeamsAdapter,
  sim: ConnectorSimulator,
  userAadObjectId: string,
): Promise<Partial<ConversationReference>> {
  return adapter.proactive.createPersonalConversation({
    serviceUrl: sim.url,
    tenantId: TEST_TENANT_ID,
    userAadObjectId,
  });
}
