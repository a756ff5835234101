/** The rule shape of `LimitOptions.perConversation`. */
export type { WindowRule } from '../sim-kit/sliding-window';
export type { ConnectorFaults, FaultsSnapshot } from './faults';
export { InvalidFaultError } from './faults';
export type { HostedFile, UploadedFile, UploadInfo } from './files';
export { DOWNLOAD_URL_TTL_MS } from './files';
export { personalConversationId, teamsUserId } from './ids';
export type { LimitOptions } from './limits';
export { TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_REQUESTS_PER_SECOND } from './limits';
export type { ConnectorSimulator, ConnectorSimulatorOptions } from './server';
export { startConnectorSimulator } from './server';
export { TEAMS_ERRORS } from './teams-errors';
export type { SimConversation, Transcript } from './transcript';
export type * from './types';
