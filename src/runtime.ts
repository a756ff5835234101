import type { Worker } from 'bullmq';
import { AdminGuard } from './bot/admin-guard';
import { RolloutBot } from './bot/rollout-bot';
import { helpdeskName, t } from './cards';
import type { Config } from './config';
import { createGraphClient } from './graph/client';
import type { Logger } from './logger';
import type { RolloutDeps } from './queue/deps';
import { startOutreachWorker } from './queue/outreach';
import { createQueues } from './queue/queues';
import { startReadyWorker } from './queue/ready';
import { scheduleRegistrationSweep, startSweepWorker } from './queue/registration-sweep';
import { TeamsOutbox } from './queue/teams-outbox';
import { startWavePlanWorker } from './queue/wave-plan-worker';
import { ActiveWaveIndex } from './store/active-wave-index';
import { AuditLog } from './store/audit-log';
import { ChatRecoveries } from './store/chat-recoveries';
import { ConversationLock } from './store/conversation-lock';
import { ConversationReferenceStore } from './store/conversation-references';
import { FirstCardClaims } from './store/first-card-claim';
import { rolloutKeys } from './store/keys';
import { RateGate } from './store/rate-gate';
import { createRedis, type Redis } from './store/redis-connection';
import { RolloutRepository } from './store/rollout-repository';
import { WaveStartRequests } from './store/wave-start-requests';
import { createCloudAdapter } from './teams/adapter';

/**
 * The composition root: the one place that knows every concrete piece. The bot process, the
 * worker process, the CLI and the integration tests all build their world here.
 */
export interface Runtime {
  deps: RolloutDeps;
  redis: Redis;
  bot: RolloutBot;
  workers: Worker[];
  startWorkers(): void;
  close(): Promise<void>;
}

export function createRuntime(config: Config, logger: Logger, redisUrl: string): Runtime {
  const redis = createRedis(redisUrl, 'commands');
  const queueRedis = createRedis(redisUrl, 'blocking');
  const keys = rolloutKeys(config.REDIS_PREFIX);
  const bullPrefix = `${config.REDIS_PREFIX}-bull`;
  const teamsGate = new RateGate(redis, keys.teamsRateGate, config.OUTREACH_RATE_PER_SECOND);
  const adapter = createCloudAdapter(config, logger, {
    beforeRequest: () => teamsGate.take(),
    apology: (locale) =>
      t(locale ?? 'en', 'common.turnError', { helpdesk: helpdeskName(locale, config.HELPDESK_CONTACT) }),
  });
  const deps: RolloutDeps = {
    config,
    logger,
    redis,
    repo: new RolloutRepository(redis, keys),
    audit: new AuditLog(redis, keys),
    refs: new ConversationReferenceStore(redis, keys),
    chatRecoveries: new ChatRecoveries(redis, keys),
    locks: new ConversationLock(redis, keys),
    firstCards: new FirstCardClaims(redis, keys),
    activeWaves: new ActiveWaveIndex(redis, keys),
    waveStartRequests: new WaveStartRequests(redis, keys),
    graph: createGraphClient(config),
    adapter,
    outbox: new TeamsOutbox(adapter.proactive, teamsGate),
    queues: createQueues(queueRedis, bullPrefix),
    now: () => new Date(),
  };
  const guard = new AdminGuard(
    { adminUserIds: config.ADMIN_USER_IDS, adminGroupId: config.ADMIN_GROUP_ID },
    deps.graph,
  );
  const bot = new RolloutBot(deps, guard, redis);
  const workers: Worker[] = [];
  return {
    deps,
    redis,
    bot,
    workers,
    startWorkers() {
      if (workers.length) return;
      workers.push(
        startWavePlanWorker(deps, queueRedis, bullPrefix),
        startOutreachWorker(deps, queueRedis, bullPrefix, {
          ratePerSecond: config.OUTREACH_RATE_PER_SECOND,
          concurrency: config.OUTREACH_CONCURRENCY,
        }),
        startReadyWorker(deps, queueRedis, bullPrefix),
        startSweepWorker(deps, queueRedis, bullPrefix),
      );
      scheduleRegistrationSweep(deps).catch((error) =>
        logger.error({ err: (error as Error).message }, 'could not schedule the registration sweep'),
      );
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await deps.queues.close();
      redis.disconnect();
      queueRedis.disconnect();
    },
  };
}
