/**
 * The Bot Connector of `npm run dev` (its TEAMS_SERVICE_URL). The Agents Playground knows six
 * people and the sample tenant sixty; a chat the bot opens with somebody the Playground does not
 * know fails there (500 UserNotFound), which looks like a broken bot. So each request goes where
 * its person lives:
 * - a 1:1 chat with a person a Playground shows goes to that Playground (the one where they are
 *   the current user first, so a second Playground opened as the helpdesk gets its own chat);
 * - a 1:1 chat with anybody else goes to the connector simulator, which answers as Teams would;
 * - the Playgrounds' shared conversations (team channels, the group chat) go to every Playground,
 *   as a channel reaches every member in Teams; each one's message id is kept for later updates.
 * Requests the bot makes to a conversation it found in an incoming activity go straight to that
 * Playground (its serviceUrl), not through here. Until the world's own Playground is attached,
 * every request is answered 503 (Retry-After), so nothing sent while the world starts goes astray.
 */
import type { PlaygroundTenant } from './playground/playground-tenant';

/** A Playground this router sends to: its connector (`http://localhost:<port>/_connector`) and tenant. */
export interface RoutedPlayground {
  connectorUrl: string;
  tenant: PlaygroundTenant;
}

export interface RoutedRequest {
  method: string;
  /** From `/v3/…` on, as received (conversation ids still URL-encoded), with the query. */
  path: string;
  /** The raw JSON body, if any. */
  body?: string;
}

export interface RoutedResponse {
  status: number;
  body: string;
  contentType: string;
  /** Sent as Retry-After: when to ask again. */
  retryAfterSeconds?: number;
}

type Backend = { kind: 'simulator'; url: string } | { kind: 'playground'; playground: RoutedPlayground };

/** Answers are counted per backend and status, so a test (or a curious developer) can see every 5xx. */
export type RouterStats = Record<string, Record<string, number>>;

const JSON_TYPE = 'application/json; charset=utf-8';

function errorResponse(status: number, code: string, message: string): RoutedResponse {
  return { status, body: JSON.stringify({ error: { code, message } }), contentType: JSON_TYPE };
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The person a member or recipient names: an AAD object id, `8:orgid:<aad>`, or the id as it is. */
function personOf(account: unknown): string | undefined {
  if (!account || typeof account !== 'object') return undefined;
  const { aadObjectId, id } = account as { aadObjectId?: unknown; id?: unknown };
  if (typeof aadObjectId === 'string' && aadObjectId) return aadObjectId.toLowerCase();
  if (typeof id !== 'string' || !id) return undefined;
  return (id.startsWith('8:orgid:') ? id.slice('8:orgid:'.length) : id).toLowerCase();
}

/** `/v3/conversations/<id>[/activities[/<activityId>]]`, decoded; a channel thread (`;messageid=`) counts as its channel. */
function parsePath(path: string): { conversationId?: string; activityId?: string; rest: string[] } {
  const pathname = path.split('?')[0] ?? '';
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return { rest: parts };
  const decode = (part: string | undefined) => {
    try {
      return part === undefined ? undefined : decodeURIComponent(part);
    } catch {
      return undefined;
    }
  };
  const conversationId = decode(parts[2]);
  return {
    conversationId,
    activityId: parts[3] === 'activities' ? decode(parts[4]) : undefined,
    rest: parts.slice(3),
  };
}

/** The same request path with another activity id (`…/activities/<id>`). */
function withActivityId(path: string, activityId: string): string {
  const [pathname = '', query] = path.split('?');
  const parts = pathname.split('/');
  parts[parts.indexOf('activities') + 1] = encodeURIComponent(activityId);
  return query === undefined ? parts.join('/') : `${parts.join('/')}?${query}`;
}

function baseConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

function sharedConversationIds(tenant: PlaygroundTenant): Set<string> {
  return new Set([
    ...tenant.groupChats.map((chat) => chat.id),
    ...tenant.teams.flatMap((team) => [team.id, ...team.channels.map((channel) => channel.id)]),
  ]);
}

function knows(tenant: PlaygroundTenant, person: string): boolean {
  return [tenant.currentUser, ...tenant.users].some((user) => user.aadObjectId.toLowerCase() === person);
}

export class ConnectorRouter {
  /** Oldest first: the first one is the `npm run dev` Playground. */
  private readonly playgrounds: RoutedPlayground[] = [];
  /** Conversations created through the router, by id: where they live. */
  private readonly conversations = new Map<string, Backend>();
  /** A shared-conversation message's id at each Playground, by the id the bot was given. */
  private readonly fannedOut = new Map<string, Map<string, string>>();
  readonly stats: RouterStats = {};

  constructor(private readonly simulatorUrl: string) {}

  attach(playground: RoutedPlayground): void {
    this.detach(playground.connectorUrl);
    this.playgrounds.push(playground);
  }

  detach(connectorUrl: string): void {
    const at = this.playgrounds.findIndex((p) => p.connectorUrl === connectorUrl);
    if (at >= 0) this.playgrounds.splice(at, 1);
  }

  attached(): readonly RoutedPlayground[] {
    return this.playgrounds;
  }

  async route(request: RoutedRequest): Promise<RoutedResponse> {
    // The world is starting: until its Playground is here, nobody can tell where a chat lives, and a
    // guess could put a Playground person's message in the simulator for good. The sender retries.
    if (!this.playgrounds.length)
      return {
        ...errorResponse(503, 'ServiceUnavailable', 'the local Playground is starting; try again shortly'),
        retryAfterSeconds: 1,
      };
    const { conversationId, activityId, rest } = parsePath(request.path);
    const body = parseJson(request.body);
    if (conversationId === undefined) {
      if (request.method !== 'POST' || rest.length) return this.forward(this.primary(), request);
      return this.createConversation(request, body);
    }
    const shared = this.sharing(baseConversationId(conversationId));
    if (shared.length) return this.fanOut(shared, request, activityId);
    const backend =
      this.conversations.get(conversationId) ??
      this.forPerson(personOf(body?.recipient)) ??
      // A conversation a Playground made itself (its own personal chat).
      this.primary();
    return this.forward(backend, request);
  }

  private async createConversation(
    request: RoutedRequest,
    body: Record<string, unknown> | undefined,
  ): Promise<RoutedResponse> {
    const members = Array.isArray(body?.members) ? body.members : [];
    const backend =
      body?.isGroup === true || members.length !== 1
        ? this.primary()
        : (this.forPerson(personOf(members[0])) ?? this.simulator());
    const response = await this.forward(backend, request);
    const id = parseJson(response.body)?.id;
    if (response.status < 300 && typeof id === 'string') this.conversations.set(id, backend);
    return response;
  }

  /** Where a person's 1:1 chat lives: the Playground they are the current user of, one that shows them, or the simulator. */
  private forPerson(person: string | undefined): Backend | undefined {
    if (!person) return undefined;
    const own = [...this.playgrounds]
      .reverse()
      .find((p) => p.tenant.currentUser.aadObjectId.toLowerCase() === person);
    const shown = own ?? this.playgrounds.find((p) => knows(p.tenant, person));
    return shown ? { kind: 'playground', playground: shown } : this.simulator();
  }

  private sharing(conversationId: string): RoutedPlayground[] {
    return this.playgrounds.filter((p) => sharedConversationIds(p.tenant).has(conversationId));
  }

  /**
   * Sends to every Playground that has the shared conversation and answers with the first one's
   * answer (the `npm run dev` Playground's, while it runs). An update names the message by the id
   * the bot was given; each Playground gets its own id for that message.
   */
  private async fanOut(
    playgrounds: RoutedPlayground[],
    request: RoutedRequest,
    activityId: string | undefined,
  ): Promise<RoutedResponse> {
    const ids = activityId ? this.fannedOut.get(activityId) : undefined;
    const answers = await Promise.all(
      playgrounds.map(async (playground) => {
        const own = activityId && ids?.get(playground.connectorUrl);
        const path = own ? withActivityId(request.path, own) : request.path;
        return {
          playground,
          response: await this.forward({ kind: 'playground', playground }, { ...request, path }),
        };
      }),
    );
    const answer = answers.find((a) => a.response.status < 300) ?? answers[0]!;
    const given = parseJson(answer.response.body)?.id;
    if (request.method === 'POST' && !activityId && typeof given === 'string') {
      const byPlayground = new Map<string, string>();
      for (const { playground, response } of answers) {
        const id = parseJson(response.body)?.id;
        if (typeof id === 'string') byPlayground.set(playground.connectorUrl, id);
      }
      this.fannedOut.set(given, byPlayground);
    }
    return answer.response;
  }

  private primary(): Backend {
    const first = this.playgrounds[0];
    return first ? { kind: 'playground', playground: first } : this.simulator();
  }

  private simulator(): Backend {
    return { kind: 'simulator', url: this.simulatorUrl };
  }

  private async forward(backend: Backend, request: RoutedRequest): Promise<RoutedResponse> {
    const base = backend.kind === 'simulator' ? backend.url : backend.playground.connectorUrl;
    const label = backend.kind === 'simulator' ? 'connector-simulator' : backend.playground.connectorUrl;
    let response: RoutedResponse;
    try {
      const answer = await fetch(`${base.replace(/\/+$/, '')}${request.path}`, {
        method: request.method,
        headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
        body: request.body,
        signal: AbortSignal.timeout(30_000),
      });
      response = {
        status: answer.status,
        body: await answer.text(),
        contentType: answer.headers.get('content-type') ?? JSON_TYPE,
      };
    } catch (error) {
      if (
        backend.kind === 'playground' &&
        this.playgrounds.length > 1 &&
        backend.playground !== this.playgrounds[0]
      )
        this.detach(backend.playground.connectorUrl); // a second Playground that went away
      response = errorResponse(502, 'ServiceError', `${label} did not answer: ${(error as Error).message}`);
    }
    const counts = this.stats[label] ?? {};
    counts[response.status] = (counts[response.status] ?? 0) + 1;
    this.stats[label] = counts;
    return response;
  }
}
