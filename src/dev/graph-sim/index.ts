export type { FaultRule, ThrottleOptions } from './faults';
export { FaultInjector } from './faults';
export {
  GENERATED_GROUP_ID,
  type GenerateTenantOptions,
  generatedUserId,
  generateTenant,
} from './generate-tenant';
export {
  type GraphLimits,
  type GraphThrottle,
  IDENTITY_WRITE_LIMIT,
  type RateLimit,
  REPORTS_API_LIMIT,
} from './limits';
export type { LoggedRequest } from './request-log';
export { RequestLog } from './request-log';
export { PHONE_METHOD_IDS } from './resources/phone-methods';
export { SAMPLE_DOMAIN, SAMPLE_GROUPS, SAMPLE_TENANT_ID, SAMPLE_USERS } from './sample-ids';
export {
  type GraphSimulator,
  type GraphSimulatorOptions,
  type InstallListener,
  startGraphSimulator,
} from './server';
export { TenantState } from './state';
export {
  DEFAULT_SAMPLE_TENANT_PATH,
  loadSampleTenant,
  parseSampleTenant,
  SampleTenant,
  TenantValidationError,
} from './tenant-schema';
