import { type FilterSchema, FilterSyntaxError, type Predicate, parseFilter } from '../filter';
import { badRequest, resourceNotFound, tooManyRequests } from '../graph-errors';
import {
  applySelect,
  collection,
  contextUrl,
  json,
  nextLink,
  type PageSizeLimits,
  parseSelect,
  parseSkipToken,
  parseTop,
} from '../odata';
import { REGISTRATION_PROPERTIES, registrationRow } from '../registration';
import type { Route, SimRequest, SimServices } from '../types';

/**
 * `/reports/authenticationMethods/userRegistrationDetails`: `$filter`, `$select`, `$top`, paging,
 * and the reports API's throttle (5 requests per 10 s per tenant by default) answered with 429 and
 * the Retry-After that gets a polite client through.
 */
const REPORT_PAGE: PageSizeLimits = { defaultSize: 1000, max: 1000 };
const ALL_PROPERTIES = [...REGISTRATION_PROPERTIES];

export const REGISTRATION_FILTER_SCHEMA: FilterSchema = {
  id: 'string',
  userPrincipalName: 'string',
  userDisplayName: 'string',
  userType: 'string',
  userPreferredMethodForSecondaryAuthentication: 'string',
  isAdmin: 'boolean',
  isSsprRegistered: 'boolean',
  isSsprEnabled: 'boolean',
  isSsprCapable: 'boolean',
  isMfaRegistered: 'boolean',
  isMfaCapable: 'boolean',
  isPasswordlessCapable: 'boolean',
  isSystemPreferredAuthenticationMethodEnabled: 'boolean',
  methodsRegistered: 'collection',
  systemPreferredAuthenticationMethods: 'collection',
};

function admit(services: SimServices): void {
  const admission = services.limits.reports.admit();
  if (!admission.ok) throw tooManyRequests(admission.retryAfterSeconds);
}

function filterOf(request: SimRequest): Predicate | undefined {
  const text = request.query.get('$filter');
  if (text === null) return undefined;
  try {
    return parseFilter(text, REGISTRATION_FILTER_SCHEMA, 'microsoft.graph.userRegistrationDetails');
  } catch (error) {
    if (error instanceof FilterSyntaxError)
      throw badRequest(`Invalid filter clause: ${error.message}`, 'BadRequest');
    throw error;
  }
}

const CONTEXT = 'reports/authenticationMethods/userRegistrationDetails';

export const registrationDetailsRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/reports\/authenticationMethods\/userRegistrationDetails$/i,
    handler: (request, _params, services) => {
      // Parse first: a malformed request is a 400 whether or not the tenant is being throttled.
      const predicate = filterOf(request);
      const select = parseSelect(request.query);
      const top = parseTop(request.query, REPORT_PAGE);
      const resumeAt = parseSkipToken(request.query);
      admit(services);
      const value: Record<string, unknown>[] = [];
      let nextIndex: number | undefined;
      // The skip token is a position in the user list, so each page scans only from where the last stopped.
      for (const { user, index } of services.state.allUsers(resumeAt)) {
        const row = registrationRow(services.state, user) as unknown as Record<string, unknown>;
        if (predicate && !predicate(row)) continue;
        if (value.length === top) {
          nextIndex = index;
          break;
        }
        value.push(
          applySelect(row, select, ALL_PROPERTIES, REGISTRATION_PROPERTIES, 'userRegistrationDetails'),
        );
      }
      const next = nextIndex === undefined ? undefined : nextLink(services.baseUrl, request, nextIndex);
      return json(200, collection(contextUrl(services.baseUrl, request.version, CONTEXT), value, next));
    },
  },
  {
    method: 'GET',
    pattern: /^\/reports\/authenticationMethods\/userRegistrationDetails\/([^/]+)$/i,
    handler: (request, [id], services) => {
      const select = parseSelect(request.query);
      admit(services);
      const user = services.state.findUser(id!);
      if (!user) throw resourceNotFound(id!);
      const row = registrationRow(services.state, user) as unknown as Record<string, unknown>;
      return json(200, {
        '@odata.context': contextUrl(services.baseUrl, request.version, `${CONTEXT}/$entity`),
        ...applySelect(row, select, ALL_PROPERTIES, REGISTRATION_PROPERTIES, 'userRegistrationDetails'),
      });
    },
  },
];
