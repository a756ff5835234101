import type { Worker } from 'bullmq';
import { AdminGuard } from './app/admin-guard';
import { PhoneCorrections } from './app/correct-phone';
import { PhoneCorrectionDecisions } from './app/decide-phone-correction';
import type { RolloutDeps } from './app/deps';
import { preloadUseCases } from './app/preload-teams-wiring';
import { RolloutBot } from './bot/rollout-bot';
import { helpdeskName, t } from './cards';
import type { Config } from './config';
import { createGraphClient } from './graph/client';
import type { Logger } from './logger';
import { BullRolloutJobs } from './queue/bull-rollout-jobs';
import { startEnforceWorker } from './queue/enforce-worker';
import { startOutreachWorker } from './queue/outreach-worker';
import { createQueues, type RolloutQueues } from './queue/queues';
import { startReadyWorker } from './queue/ready-worker';
import { startSweepsWorker } from './queue/sweeps-worker';
import { startWavePlanWorker } from './queue/wave-plan-worker';
import { ActiveWaveIndex } from './store/active-wave-index';
import { AuditLog } from './store/audit-log';
import { ChatRecoveries } from './store/chat-recoveries';
import { ConversationLock } from './store/conversation-lock';
import { ConversationReferenceStore } from './store/conversation-references';
import { CsvRowStore } from './store/csv-rows';
import { EnforcementStore } from './store/enforcement-store';
import { FirstCardClaims } from './store/first-card-claim';
import { Greetings } from './store/greetings';
import { IdentityWritePacer } from './store/identity-write-pacer';
import { rolloutKeys } from './store/keys';
import { LastEnforcementPlans } from './store/last-enforcement';
import { PhoneCorrectionStore } from './store/phone-corrections';
import { PreloadRunStore } from './store/preload-runs';
import { RateGate } from './store/rate-gate';
import { RedisBotStorage } from './store/redis-bot-storage';
import { createRedis, type Redis } from './store/redis-connection';
import { RolloutRepository } from './store/rollout-repository';
import { VerifyFlags } from './store/verify-flags';
import { WaveStartRequests } from './store/wave-start-requests';
import { createCloudAdapter, type TeamsAdapter } from './teams/adapter';
import { TeamsOutbox } from './teams/teams-outbox';

/**
 * The composition root: the one place that knows every concrete piece. The bot process, the
 * worker process, the CLI and the integration tests all build their world here.
 */
export interface Runtime {
  deps: RolloutDeps;
  redis: Redis;
  /** Incoming turns (the HTTP endpoint) and, on the same identity, the proactive sends. */
  adapter: TeamsAdapter;
  bot: RolloutBot;
  /** The BullMQ queues behind deps.jobs, for the CLI and for tests that look at queued work. */
  queues: RolloutQueues;
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
      t(locale, 'common.turnError', { helpdesk: helpdeskName(locale, config.HELPDESK_CONTACT) }),
  });
  const now = () => new Date();
  const queues = createQueues(queueRedis, bullPrefix);
  const jobs = new BullRolloutJobs(queues, config, now);
  const deps: RolloutDeps = {
    config,
    logger,
    repo: new RolloutRepository(redis, keys),
    audit: new AuditLog(redis, keys),
    refs: new ConversationReferenceStore(redis, keys),
    chatRecoveries: new ChatRecoveries(redis, keys),
    locks: new ConversationLock(redis, keys),
    firstCards: new FirstCardClaims(redis, keys),
    activeWaves: new ActiveWaveIndex(redis, keys),
    greetings: new Greetings(redis, keys),
    waveStartRequests: new WaveStartRequests(redis, keys),
    // Numbers waiting for the helpdesk are sealed; dialog state lives beside them.
    phoneCorrections: new PhoneCorrectionStore(redis, config.REDIS_PREFIX),
    csvRows: new CsvRowStore(redis, config.REDIS_PREFIX),
    preloads: new PreloadRunStore(redis, config.REDIS_PREFIX),
    enforcement: new EnforcementStore(redis, config.REDIS_PREFIX),
    lastEnforcement: new LastEnforcementPlans(redis, config.REDIS_PREFIX),
    graph: createGraphClient(config),
    identityWrites: new IdentityWritePacer(redis, keys.identityWritePacer, {
      writesPerWindow: config.GRAPH_IDENTITY_WRITES_PER_WINDOW,
      windowMs: config.GRAPH_IDENTITY_WRITE_WINDOW_SECONDS * 1000,
    }),
    verifyFlags: new VerifyFlags(redis, keys),
    outbox: new TeamsOutbox(adapter.proactive, teamsGate),
    jobs,
    now,
  };
  const bot = new RolloutBot(deps, {
    guard: new AdminGuard(
      { adminUserIds: config.ADMIN_USER_IDS, adminGroupId: config.ADMIN_GROUP_ID },
      deps.graph,
    ),
    corrections: new PhoneCorrections(deps),
    decisions: new PhoneCorrectionDecisions(deps),
    dialogStorage: new RedisBotStorage(redis, keys),
    preload: preloadUseCases(deps),
  });
  const workers: Worker[] = [];
  return {
    deps,
    redis,
    adapter,
    bot,
    queues,
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
        startSweepsWorker(deps, queueRedis, bullPrefix),
        startEnforceWorker(deps, queueRedis, bullPrefix),
      );
      jobs
        .scheduleRegistrationSweep(config.REGISTRATION_SWEEP_MINUTES * 60 * 1000)
        .catch((error) =>
          logger.error({ err: (error as Error).message }, 'could not schedule the registration sweep'),
        );
      jobs
        .scheduleEnforcementVerify(config.ENFORCEMENT_VERIFY_MINUTES * 60 * 1000)
        .catch((error) =>
          logger.error({ err: (error as Error).message }, 'could not schedule the enforcement verify check'),
        );
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await queues.close();
      redis.disconnect();
      queueRedis.disconnect();
    },
  };
}
