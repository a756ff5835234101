import { type ConnectorClient, ConnectorFactory } from 'botframework-connector';

/**
 * Makes every Bot Connector call exactly one HTTP request with a deadline.
 *
 * Why: botframework-connector's ConnectorClient runs on @azure/core-client, whose default
 * pipeline has `defaultRetryPolicy` (throttling + exponential strategies, 3 retries): a 429 with
 * `Retry-After` is silently waited out and re-sent up to 3 times, 5xx/408 and ECONNRESET are
 * re-sent with backoff. Our outreach queue owns retries and pauses (BullMQ rateLimit on 429), so
 * that hidden loop would multiply traffic against a throttled tenant, hold a worker for minutes,
 * and hide the 429 from the queue. The client's `noRetryPolicy` option is declared but ignored by
 * botbuilder-stdlib's ServiceClientContext (it never passes retry options to core-client), and
 * ConnectorFactoryImpl overwrites `requestPolicyFactories`; no public option can drop the policy.
 * So the factory below removes it from each new client's pipeline and adds a request deadline
 * (core-client has no default timeout at all). test/integration/teams/no-hidden-retries.test.ts
 * proves it against the simulator and fails if an SDK upgrade brings a retry back.
 */

/** The part of @azure/core-rest-pipeline's Pipeline we touch (structural, no import of the transitive package). */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
interface PipelineRequestLike {
  abortSignal?: AbortSignalLike;
}
interface PipelinePolicyLike {
  readonly name: string;
  sendRequest(
    request: PipelineRequestLike,
    next: (request: PipelineRequestLike) => Promise<unknown>,
  ): Promise<unknown>;
}
interface PipelineLike {
  addPolicy(policy: PipelinePolicyLike, options?: { phase?: string; afterPhase?: string }): void;
  removePolicy(options: { name?: string }): PipelinePolicyLike[];
  getOrderedPolicies(): PipelinePolicyLike[];
}

/** core-rest-pipeline's name for the policy createPipelineFromOptions always adds. */
const DEFAULT_RETRY_POLICY = 'defaultRetryPolicy';
const DEADLINE_POLICY = 'mfaRolloutRequestDeadline';

export const DEFAULT_CONNECTOR_TIMEOUT_MS = 15_000;

export interface ConnectorRequestPolicy {
  /** Deadline for one request until the whole response is read. */
  readonly requestTimeoutMs: number;
  /**
   * Awaited right before each request goes on the wire (a shared rate gate): as close to the
   * network as possible, so requests reach Teams as evenly spaced as they were admitted.
   */
  readonly beforeSend?: () => Promise<void>;
}

/** The SDK's client no longer looks the way this module expects: fail loudly instead of retrying silently. */
export class ConnectorPipelineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorPipelineError';
  }
}

/** The Bot Connector did not answer within the deadline (the message may or may not have been delivered). */
export class ConnectorTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`Bot Connector request timed out after ${timeoutMs} ms`, options);
    this.name = 'ConnectorTimeoutError';
  }
}

function pipelineOf(client: ConnectorClient): PipelineLike {
  // ServiceClientContext keeps its core-client ServiceClient in a TypeScript-private field.
  const inner = (client as unknown as { client?: { pipeline?: unknown } }).client;
  const pipeline = inner?.pipeline as Partial<PipelineLike> | undefined;
  if (
    typeof pipeline?.addPolicy !== 'function' ||
    typeof pipeline.removePolicy !== 'function' ||
    typeof pipeline.getOrderedPolicies !== 'function'
  ) {
    throw new ConnectorPipelineError(
      'ConnectorClient has no core-client pipeline; cannot disable its retries',
    );
  }
  return pipeline as PipelineLike;
}

function deadlinePolicy(timeoutMs: number, beforeSend?: () => Promise<void>): PipelinePolicyLike {
  return {
    name: DEADLINE_POLICY,
    async sendRequest(request, next) {
      // Waiting for the gate does not count towards the request's deadline.
      await beforeSend?.();
      const controller = new AbortController();
      const outer = request.abortSignal;
      const forward = () => controller.abort();
      if (outer?.aborted) controller.abort();
      outer?.addEventListener('abort', forward);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (error) {
        if (timedOut) throw new ConnectorTimeoutError(timeoutMs, { cause: error });
        throw error;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
      }
    },
  };
}

/** Removes the hidden retry loop and adds the deadline; idempotent. */
export function makeSingleAttempt(client: ConnectorClient, policy: ConnectorRequestPolicy): ConnectorClient {
  const pipeline = pipelineOf(client);
  const names = () => pipeline.getOrderedPolicies().map((entry) => entry.name);
  if (names().includes(DEADLINE_POLICY)) return client;
  pipeline.removePolicy({ name: DEFAULT_RETRY_POLICY });
  const retrying = names().filter((name) => /retry/i.test(name));
  if (retrying.length > 0) {
    throw new ConnectorPipelineError(`ConnectorClient still has retry policies: ${retrying.join(', ')}`);
  }
  pipeline.addPolicy(deadlinePolicy(policy.requestTimeoutMs, policy.beforeSend));
  return client;
}

/**
 * Clients already built, per service URL and audience. botbuilder builds a new ConnectorClient
 * (credentials, HTTP pipeline) for every proactive call; for one bot identity they are all alike,
 * and at thousands of sends a second that setup is a large share of the CPU. Credentials cache and
 * renew their own tokens, so a long-lived client is safe.
 */
export class ConnectorClientCache {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(private readonly maxEntries = 64) {}

  get(key: string, build: () => Promise<ConnectorClient>): Promise<ConnectorClient> {
    const cached = this.clients.get(key);
    if (cached) return cached;
    if (this.clients.size >= this.maxEntries) this.clients.delete(this.clients.keys().next().value as string);
    const built = build();
    this.clients.set(key, built);
    // A failed build is not remembered: the next call tries again.
    built.catch(() => this.clients.delete(key));
    return built;
  }
}

/** Wraps the SDK's factory so every ConnectorClient it makes is single-attempt (and reused when a cache is given). */
export class SingleAttemptConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly policy: ConnectorRequestPolicy,
    private readonly cache?: ConnectorClientCache,
  ) {
    super();
  }

  override async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const build = async () => makeSingleAttempt(await this.inner.create(serviceUrl, audience), this.policy);
    return this.cache ? this.cache.get(`${audience ?? ''}|${serviceUrl}`, build) : build();
  }
}
