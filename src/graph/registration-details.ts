import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import type { UserRegistrationDetails } from '@microsoft/microsoft-graph-types';
import type { RegistrationFacts } from '../rollout/directory';
import { GraphRequestError, graphCall } from './errors';
import { getPage, requestForLink, segment } from './paging';

/**
 * `reports/authenticationMethods/userRegistrationDetails`: who registered what. The reports API is
 * throttled hard (5 requests per 10 s per tenant), so beyond the SDK's own retries a throttled page
 * is waited for (Retry-After) and asked again, a bounded number of times.
 */
const PATH = '/reports/authenticationMethods/userRegistrationDetails';
const SELECT = ['id', 'isMfaRegistered', 'methodsRegistered'];

export interface RegistrationPage {
  facts: RegistrationFacts[];
  nextLink: string | undefined;
}

export interface RegistrationQuery {
  /** OData filter, e.g. from registrationFilter(). */
  filter?: string;
  /** `$top`; the service default when omitted. */
  pageSize?: number;
  /** Resume from an earlier page's nextLink. */
  startAt?: string | undefined;
  /** Waits for a throttled page before giving up. Default 6. */
  maxThrottleWaits?: number;
  /** When Graph sends no Retry-After. Default 10 s (the length of the reports window). */
  defaultRetryAfterMs?: number;
}

/** Boolean properties the report can filter on (eq). */
export type RegistrationFlag =
  | 'isAdmin'
  | 'isMfaCapable'
  | 'isMfaRegistered'
  | 'isPasswordlessCapable'
  | 'isSsprCapable'
  | 'isSsprEnabled'
  | 'isSsprRegistered';

export interface RegistrationCriteria {
  flags?: Partial<Record<RegistrationFlag, boolean>>;
  /** Users who registered this method (`methodsRegistered/any(m: m eq '...')`). */
  methodRegistered?: string;
}

/** Builds the `$filter` text; values are escaped the OData way. */
export function registrationFilter(criteria: RegistrationCriteria): string | undefined {
  const clauses = Object.entries(criteria.flags ?? {}).map(
    ([flag, value]) => `${flag} eq ${value ? 'true' : 'false'}`,
  );
  if (criteria.methodRegistered) {
    clauses.push(`methodsRegistered/any(m: m eq '${criteria.methodRegistered.replace(/'/g, "''")}')`);
  }
  return clauses.length ? clauses.join(' and ') : undefined;
}

function toFacts(row: UserRegistrationDetails): RegistrationFacts | undefined {
  if (!row.id) return undefined;
  return {
    userId: row.id,
    isMfaRegistered: row.isMfaRegistered === true,
    methodsRegistered: row.methodsRegistered ?? [],
  };
}

async function withThrottleWaits<T>(
  makeCall: () => Promise<T>,
  maxWaits: number,
  defaultRetryAfterMs: number,
): Promise<T> {
  for (let waits = 0; ; waits++) {
    try {
      return await makeCall();
    } catch (error) {
      if (!(error instanceof GraphRequestError) || !error.isThrottled || waits >= maxWaits) throw error;
      await sleep(error.retryAfterMs ?? defaultRetryAfterMs);
    }
  }
}

export async function* listRegistrationDetails(
  client: Client,
  query: RegistrationQuery = {},
): AsyncGenerator<RegistrationPage, void, undefined> {
  const maxWaits = query.maxThrottleWaits ?? 6;
  const defaultRetryAfterMs = query.defaultRetryAfterMs ?? 10_000;
  const firstPage = (): GraphRequest => {
    let request = client.api(PATH).select(SELECT);
    if (query.filter) request = request.filter(query.filter);
    if (query.pageSize) request = request.top(query.pageSize);
    return request;
  };
  let link = query.startAt;
  for (;;) {
    const current = link;
    // A GraphRequest is rebuilt for every attempt so nothing from a throttled try is reused.
    const page = await withThrottleWaits(
      () => getPage<UserRegistrationDetails>(current ? requestForLink(client, current) : firstPage()),
      maxWaits,
      defaultRetryAfterMs,
    );
    yield { facts: page.value.flatMap((row) => toFacts(row) ?? []), nextLink: page.nextLink };
    if (!page.nextLink) return;
    link = page.nextLink;
  }
}

/** One user's facts; undefined when the report does not know the user. */
export async function getRegistrationFacts(
  client: Client,
  userId: string,
  options: Pick<RegistrationQuery, 'maxThrottleWaits' | 'defaultRetryAfterMs'> = {},
): Promise<RegistrationFacts | undefined> {
  try {
    const row = await withThrottleWaits(
      () =>
        graphCall(() =>
          client
            .api(`${PATH}/${segment(userId)}`)
            .select(SELECT)
            .get(),
        ),
      options.maxThrottleWaits ?? 6,
      options.defaultRetryAfterMs ?? 10_000,
    );
    return toFacts(row as UserRegistrationDetails);
  } catch (error) {
    if (error instanceof GraphRequestError && error.isNotFound) return undefined;
    throw error;
  }
}
