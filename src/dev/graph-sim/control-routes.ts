import { InvalidWindowRuleError } from '../sim-kit/sliding-window';
import type { FaultInjector } from './faults';
import { errorResponse } from './graph-errors';
import type { GraphLimits, GraphThrottle } from './limits';
import { json, noContent } from './odata';
import { registrationRow } from './registration';
import type { RequestLog } from './request-log';
import type { TenantState } from './state';
import { NON_PHONE_METHODS } from './tenant-schema';
import type { SimResponse } from './types';

/**
 * `/_sim/...`: how a separate process (the dev launcher, a benchmark) drives the simulator.
 * Answers never contain phone numbers, only which phone types a user has, so nothing printed from
 * here can leak one.
 *
 *   GET    /_sim/state                      counts, groups, faults, limits, identity writes admitted/refused
 *   POST   /_sim/reset                      back to the seed; faults, log and limits cleared
 *   GET    /_sim/faults                     active fault rules
 *   POST   /_sim/faults                     {method?, path, status, times?, retryAfterSeconds?, code?, message?}
 *                                           or {throttleEvery, retryAfterSeconds?, path?}
 *   DELETE /_sim/faults                     clear all faults
 *   GET    /_sim/requests                   {count, entries} (the last 200)
 *   GET    /_sim/users/{id}                 profile, phone types, registration, MFA state, apps
 *   POST   /_sim/users/{id}/methods         {add?: [...], remove?: [...], set?: [...]} non-phone methods
 *   PUT    /_sim/registration-throttle      {requests, windowMs} or {enabled: false}
 *   PUT    /_sim/identity-write-throttle    {requests, windowMs} or {enabled: false}
 */
export interface ControlContext {
  state: TenantState;
  faults: FaultInjector;
  requests: RequestLog;
  limits: GraphLimits;
  reset(): void;
}

const KNOWN_METHODS = new Set<string>(NON_PHONE_METHODS);

function invalid(message: string): SimResponse {
  return errorResponse(400, 'BadRequest', message);
}

function methodList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.some((method) => typeof method !== 'string' || !KNOWN_METHODS.has(method))
  ) {
    throw new TypeError(`methods must be a list of: ${NON_PHONE_METHODS.join(', ')}`);
  }
  return value as string[];
}

function userSummary(context: ControlContext, id: string): SimResponse {
  const user = context.state.findUser(id);
  if (!user) return errorResponse(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);
  return json(200, {
    user,
    phoneTypes: context.state.phonesOf(user.id).map((phone) => phone.phoneType),
    registration: registrationRow(context.state, user),
    perUserMfaState: context.state.perUserMfaState(user.id),
    installedApps: context.state.installedAppsOf(user.id),
  });
}

function updateMethods(context: ControlContext, id: string, body: Record<string, unknown>): SimResponse {
  const user = context.state.findUser(id);
  if (!user) return errorResponse(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);
  try {
    const set = methodList(body.set);
    const add = methodList(body.add) ?? [];
    const remove = new Set(methodList(body.remove) ?? []);
    const current = set ?? context.state.registeredMethodsOf(user.id);
    const next = [...new Set([...current, ...add])].filter((method) => !remove.has(method));
    context.state.setRegisteredMethods(user.id, next);
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
  return json(200, registrationRow(context.state, user));
}

function addFault(context: ControlContext, body: Record<string, unknown>): SimResponse {
  const retryAfterSeconds = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined;
  try {
    if (typeof body.throttleEvery === 'number') {
      context.faults.throttleEvery(body.throttleEvery, {
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        ...(typeof body.path === 'string' ? { path: body.path } : {}),
      });
      return json(200, context.faults.summary());
    }
    if (typeof body.path !== 'string' || typeof body.status !== 'number') {
      return invalid('a fault needs a path (regular expression) and a status');
    }
    const id = context.faults.inject({
      path: body.path,
      status: body.status,
      ...(typeof body.method === 'string' ? { method: body.method } : {}),
      ...(typeof body.times === 'number' ? { times: body.times } : {}),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.message === 'string' ? { message: body.message } : {}),
    });
    return json(201, { id });
  } catch (error) {
    return invalid(error instanceof Error ? error.message : String(error));
  }
}

function stateSummary(context: ControlContext) {
  const { state } = context;
  return {
    tenantId: state.tenantId,
    domain: state.domain,
    users: state.userCount,
    groups: [...state.allGroups()].map((group) => ({
      id: group.id,
      displayName: group.displayName,
      directMembers: state.directMemberIds(group.id).length,
      transitiveUsers: state.transitiveUserIds(group.id).length,
    })),
    appInstallations: state.installationCount(),
    faults: context.faults.summary(),
    requests: context.requests.count,
    registrationThrottle: context.limits.reports.config,
    identityWriteThrottle: context.limits.identityWrites.config,
    /** Since the limit was last set: what a benchmark in another process reports (429s, writes). */
    identityWrites: {
      admitted: context.limits.identityWrites.admitted,
      refused: context.limits.identityWrites.refused,
    },
  };
}

/** `{requests, windowMs}` or `{enabled: false}`; an error answer when the body is neither. */
function configureThrottle(throttle: GraphThrottle, input: Record<string, unknown>): SimResponse | undefined {
  if (input.enabled === false) {
    throttle.configure(false);
    return undefined;
  }
  if (typeof input.requests !== 'number' || typeof input.windowMs !== 'number') {
    return invalid('expected {requests, windowMs} or {enabled: false}');
  }
  try {
    throttle.configure({ requests: input.requests, windowMs: input.windowMs });
  } catch (error) {
    if (!(error instanceof InvalidWindowRuleError)) throw error;
    return invalid('requests must be a whole number of at least 1 and windowMs more than 0');
  }
  return undefined;
}

export function handleControl(
  context: ControlContext,
  method: string,
  path: string,
  body: unknown,
): SimResponse {
  const input = (body ?? {}) as Record<string, unknown>;
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  const user = /^(GET|POST) \/_sim\/users\/([^/]+)(\/methods)?$/.exec(route);
  if (user) {
    const id = decodeURIComponent(user[2]!);
    if (user[1] === 'GET' && !user[3]) return userSummary(context, id);
    if (user[1] === 'POST' && user[3]) return updateMethods(context, id, input);
  }
  switch (route) {
    case 'GET /_sim/state':
      return json(200, stateSummary(context));
    case 'POST /_sim/reset':
      context.reset();
      return noContent();
    case 'GET /_sim/faults':
      return json(200, context.faults.summary());
    case 'POST /_sim/faults':
      return addFault(context, input);
    case 'DELETE /_sim/faults':
      context.faults.clear();
      return noContent();
    case 'GET /_sim/requests':
      return json(200, { count: context.requests.count, entries: context.requests.entries.slice(-200) });
    case 'PUT /_sim/registration-throttle': {
      const refused = configureThrottle(context.limits.reports, input);
      return refused ?? json(200, { registrationThrottle: context.limits.reports.config });
    }
    case 'PUT /_sim/identity-write-throttle': {
      const refused = configureThrottle(context.limits.identityWrites, input);
      return refused ?? json(200, { identityWriteThrottle: context.limits.identityWrites.config });
    }
    default:
      return errorResponse(404, 'NotFound', `No simulator control endpoint ${route}.`);
  }
}
