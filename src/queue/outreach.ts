import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { type Job, RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import { composeAwarenessCard } from '../cards/compose';
import { installForUser } from '../graph/teams-app-install';
import { signActionToken } from '../rollout/action-token';
import type { WaveUserRecord } from '../rollout/user-state';
import { classifyTeamsError, type DeliveryOutcome } from '../teams/delivery-outcome';
import { createPersonalConversation, sendToConversation } from '../teams/messenger';
import type { RolloutDeps } from './deps';
import { runEffects } from './effects';
import { outreachJob } from './job-schemas';
import { QUEUE_NAMES } from './queues';

/** Long enough for a slow send, short enough that a crashed worker's claim frees the user soon. */
const CLAIM_TTL_MS = 60_000;

export interface OutreachOptions {
  /** Sends per second for the whole queue, across every worker process (Teams: 50/s per tenant). */
  ratePerSecond: number;
  concurrency?: number;
}

export function startOutreachWorker(deps: RolloutDeps, connection: Worker['opts']['connection'], prefix: string, options: OutreachOptions) {
  const worker: Worker = new Worker(QUEUE_NAMES.outreach, (job) => sendAwarenessCard(deps, worker, job), {
    connection,
    prefix,
    concurrency: options.concurrency ?? 32,
    limiter: { max: Math.max(1, Math.round(options.ratePerSecond)), duration: 1000 },
  });
  worker.on('failed', (job, error) =>
    deps.logger.warn({ jobId: job?.id, err: error.message, attempts: job?.attemptsMade }, 'outreach job failed'),
  );
  return worker;
}

export async function sendAwarenessCard(deps: RolloutDeps, worker: Worker, job: Job): Promise<string> {
  const { waveId, userId } = outreachJob.parse(job.data);
  const { repo, logger } = deps;
  const record = await repo.getUser(waveId, userId);
  // Company Communicator's rule: send only if the recipient is still pending.
  if (!record || record.status !== 'targeted') return 'skipped';
  const wave = await repo.getWave(waveId);
  if (!wave) throw new UnrecoverableError(`wave ${waveId} no longer exists`);
  const owner = `${job.id}#${job.attemptsMade}`;
  if (!(await repo.claimSend(waveId, userId, owner, CLAIM_TTL_MS))) {
    // Another worker is sending right now; try again later rather than send twice.
    throw new Error('send claimed by another worker');
  }
  let outcome: DeliveryOutcome | undefined;
  try {
    const reference = await conversationFor(deps, record);
    const cardId = randomUUID();
    const token = signActionToken(
      { waveId, userId, cardId, exp: Math.floor(deps.now().getTime() / 1000) + deps.config.ACTION_TOKEN_TTL_DAYS * 86400 },
      deps.config.ACTION_TOKEN_SECRET,
    );
    const card = composeAwarenessCard({ record, wave, token, config: deps.config, locale: record.locale ?? reference.locale });
    const activityId = await sendToConversation(deps.adapter, deps.config.BOT_ID, reference, {
      type: 'message',
      attachments: [card],
    });
    await repo.recordAttempt(waveId, userId, { at: deps.now().toISOString(), status: 201, outcome: 'sent' });
    const applied = await repo.apply(
      waveId,
      userId,
      { type: 'card-sent', activityId, conversationId: reference.conversation?.id ?? '', cardId },
      'bot',
    );
    if (applied.result.ok) await runEffects(deps, waveId, userId, applied.result.effects);
    return 'sent';
  } catch (error) {
    if (error instanceof UnrecoverableError) throw error;
    outcome = classifyTeamsError(error);
    await repo.recordAttempt(waveId, userId, {
      at: deps.now().toISOString(),
      status: 'status' in outcome ? outcome.status : 429,
      outcome: outcome.kind,
    });
    if (outcome.kind === 'throttled') {
      // Pause the whole queue exactly as long as Teams asks; the job is retried without spending an attempt.
      await worker.rateLimit(outcome.retryAfterMs);
      throw new RateLimitError();
    }
    if (outcome.kind === 'final') {
      const applied = await repo.apply(waveId, userId, { type: 'delivery-failed', reason: outcome.reason }, 'bot');
      if (applied.result.ok) await runEffects(deps, waveId, userId, applied.result.effects);
      logger.info({ waveId, userId, reason: outcome.reason }, 'user unreachable');
      throw new UnrecoverableError(`unreachable: ${outcome.reason}`);
    }
    throw error;
  } finally {
    await repo.releaseSend(waveId, userId);
  }
}

/**
 * The stored 1:1 conversation, or a new one: install the app for the user through Graph (a user
 * who never opened the bot cannot be messaged otherwise), then createConversation.
 */
async function conversationFor(deps: RolloutDeps, record: WaveUserRecord): Promise<Partial<ConversationReference>> {
  const stored = await deps.refs.forUser(record.userId);
  if (stored?.conversation?.id) return stored;
  if (deps.config.TEAMS_APP_ID) await installForUser(deps.graph, record.userId, deps.config.TEAMS_APP_ID);
  const reference = await createPersonalConversation(deps.adapter, {
    botId: deps.config.BOT_ID,
    serviceUrl: deps.config.TEAMS_SERVICE_URL,
    tenantId: deps.config.TENANT_ID,
    userAadObjectId: record.userId,
  });
  await deps.refs.saveForUser(record.userId, reference);
  return reference;
}
