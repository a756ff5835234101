import type { Client } from '@microsoft/microsoft-graph-client';
import type { Config } from '../config';
import type { WritePacer } from '../graph/write-pacer';
import type { Logger } from '../logger';
import type { ActiveWaveIndex } from '../store/active-wave-index';
import type { AuditLog } from '../store/audit-log';
import type { ChatRecoveries } from '../store/chat-recoveries';
import type { ConversationLock } from '../store/conversation-lock';
import type { ConversationReferenceStore } from '../store/conversation-references';
import type { CsvRowStore } from '../store/csv-rows';
import type { EnforcementStore } from '../store/enforcement-store';
import type { FirstCardClaims } from '../store/first-card-claim';
import type { Greetings } from '../store/greetings';
import type { LastEnforcementPlans } from '../store/last-enforcement';
import type { PhoneCorrectionStore } from '../store/phone-corrections';
import type { PreloadRunStore } from '../store/preload-runs';
import type { RolloutRepository } from '../store/rollout-repository';
import type { VerifyFlags } from '../store/verify-flags';
import type { WaveStartRequests } from '../store/wave-start-requests';
import type { TeamsOutbox } from '../teams/teams-outbox';
import type { RolloutJobs } from './jobs';

/**
 * What every use case may use: the settings, the stores, Graph, Teams and the jobs port. Built once
 * by the composition root (src/runtime.ts); the bot, the queue workers and the CLI pass it in.
 */
export interface RolloutDeps {
  config: Config;
  logger: Logger;
  repo: RolloutRepository;
  audit: AuditLog;
  refs: ConversationReferenceStore;
  /** The one replacement of a stale 1:1 chat each user gets per wave. */
  chatRecoveries: ChatRecoveries;
  locks: ConversationLock;
  /** A first card's lease and reads in one Redis call. */
  firstCards: FirstCardClaims;
  /** Which active wave each user is in (a user is in one at most). */
  activeWaves: ActiveWaveIndex;
  /** A CSV wave's rows, from the import until the expansion read them. */
  csvRows: CsvRowStore;
  /** Who the bot has greeted in their 1:1 chat (once each). */
  greetings: Greetings;
  /** Wave starts asked for in chat, until the worker ran them or their warning expired. */
  waveStartRequests: WaveStartRequests;
  /** Corrected numbers waiting for the helpdesk (sealed), and who waits in each wave. */
  phoneCorrections: PhoneCorrectionStore;
  /** Phone preloads: dry runs (numbers sealed), their apply's progress and per-user outcomes. */
  preloads: PreloadRunStore;
  /** Enforcement plans, their progress, what each user had before (for undo), admin overrides. */
  enforcement: EnforcementStore;
  /** Each wave's last started enforcement plan: the digest shows whom it held back. */
  lastEnforcement: LastEnforcementPlans;
  graph: Client;
  /** Graph's identity write budget (3,000 per 150 s per app per tenant), shared by every process. */
  identityWrites: WritePacer;
  /** Verify: the losses of enforced users already told to the admins. */
  verifyFlags: VerifyFlags;
  /** Proactive requests to Teams, paced by the shared per-tenant rate gate. */
  outbox: TeamsOutbox;
  /** Work for later or for another process (src/queue implements it with BullMQ). */
  jobs: RolloutJobs;
  now: () => Date;
}
