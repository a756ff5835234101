import { seededRandom } from '../seeded-random';
import { TEAMS_ERRORS } from './teams-errors';
import type {
  FaultAction,
  FaultMatch,
  RandomFaultKind,
  RandomFaults,
  RejectionReason,
  ScriptedFault,
  SimOperation,
  TimeoutMode,
} from './types';

export interface FaultContext {
  readonly operation: SimOperation;
  readonly conversationId: string | undefined;
  readonly aadObjectId: string | undefined;
}

export interface FaultDecision {
  readonly action: FaultAction;
  readonly reason: RejectionReason;
}

export class InvalidFaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFaultError';
  }
}

export interface FaultsSnapshot {
  readonly scripted: readonly { readonly fault: ScriptedFault; readonly remaining: number }[];
  readonly blocked: readonly string[];
  readonly uninstalled: readonly string[];
  readonly gone: readonly string[];
  readonly installed: readonly string[];
  readonly random: RandomFaults | undefined;
}

/** What tests call to make the simulator misbehave. */
export interface ConnectorFaults {
  /** Queue a fault for the next matching request(s); scripted faults come before anything else. */
  inject(fault: ScriptedFault): void;
  failNext(
    status: number,
    options?: { retryAfterSeconds?: number; body?: unknown; match?: FaultMatch; times?: number },
  ): void;
  timeoutNext(options?: { mode?: TimeoutMode; deliver?: boolean; match?: FaultMatch; times?: number }): void;
  /** The user blocked the bot: sends get 403 ConversationBlockedByUser (creating the chat still works). */
  blockUser(aadObjectId: string): void;
  /** The app was removed for the user: create and sends get 403 BotNotInConversationRoster. */
  markUninstalled(aadObjectId: string): void;
  /** Counts as installed when `requireInstall` is on (and clears markUninstalled). */
  markInstalled(aadObjectId: string): void;
  /** The user left the tenant: everything about them gets 404. */
  removeUser(aadObjectId: string): void;
  /** Undo block/uninstall/remove for the user. */
  restoreUser(aadObjectId: string): void;
  setRandom(random: RandomFaults | undefined): void;
  /** Drops every scripted, per-user and random fault (installed users stay installed). */
  clear(): void;
  snapshot(): FaultsSnapshot;
}

export interface FaultInjectorOptions {
  readonly random?: RandomFaults;
  /** createConversation for a user who is not installed gets 403, as in Teams. */
  readonly requireInstall?: boolean;
  /** Who is installed (e.g. backed by the Graph simulator's installedApps); default the markInstalled set. */
  readonly isInstalled?: (aadObjectId: string) => boolean | Promise<boolean>;
  readonly installed?: Iterable<string>;
}

const RANDOM_ORDER: readonly RandomFaultKind[] = ['429', '412', '500', '502', '503', '504', 'timeout'];

function matches(match: FaultMatch | undefined, context: FaultContext): boolean {
  if (!match) return true;
  if (match.aadObjectId !== undefined && match.aadObjectId !== context.aadObjectId) return false;
  if (match.conversationId !== undefined && match.conversationId !== context.conversationId) return false;
  if (match.operation !== undefined) {
    const operations = typeof match.operation === 'string' ? [match.operation] : match.operation;
    if (!operations.includes(context.operation)) return false;
  }
  return true;
}

function validateRandom(random: RandomFaults): void {
  let total = 0;
  for (const [kind, probability] of Object.entries(random.probabilities)) {
    if (!RANDOM_ORDER.includes(kind as RandomFaultKind))
      throw new InvalidFaultError(`unknown random fault ${kind}`);
    if (probability === undefined) continue;
    if (!(probability >= 0 && probability <= 1)) {
      throw new InvalidFaultError(`probability for ${kind} must be within [0, 1]`);
    }
    total += probability;
  }
  if (total > 1) throw new InvalidFaultError('random fault probabilities add up to more than 1');
}

export class FaultInjector implements ConnectorFaults {
  private scripted: { fault: ScriptedFault; remaining: number }[] = [];
  private readonly blocked = new Set<string>();
  private readonly uninstalled = new Set<string>();
  private readonly gone = new Set<string>();
  private readonly installed: Set<string>;
  private random: { config: RandomFaults; next: () => number } | undefined;

  constructor(private readonly options: FaultInjectorOptions = {}) {
    this.installed = new Set(options.installed ?? []);
    this.setRandom(options.random);
  }

  inject(fault: ScriptedFault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new InvalidFaultError('times must be a positive integer');
    if (fault.action.kind === 'status' && !(fault.action.status >= 400 && fault.action.status <= 599)) {
      throw new InvalidFaultError(`status ${fault.action.status} is not an error status`);
    }
    this.scripted.push({ fault, remaining: times });
  }

  failNext(
    status: number,
    options: { retryAfterSeconds?: number; body?: unknown; match?: FaultMatch; times?: number } = {},
  ): void {
    const { match, times, ...rest } = options;
    this.inject({ action: { kind: 'status', status, ...rest }, match, times });
  }

  timeoutNext(
    options: { mode?: TimeoutMode; deliver?: boolean; match?: FaultMatch; times?: number } = {},
  ): void {
    const { match, times, mode = 'hold', deliver } = options;
    this.inject({ action: { kind: 'timeout', mode, deliver }, match, times });
  }

  blockUser(aadObjectId: string): void {
    this.blocked.add(aadObjectId);
  }

  markUninstalled(aadObjectId: string): void {
    this.installed.delete(aadObjectId);
    this.uninstalled.add(aadObjectId);
  }

  markInstalled(aadObjectId: string): void {
    this.uninstalled.delete(aadObjectId);
    this.installed.add(aadObjectId);
  }

  removeUser(aadObjectId: string): void {
    this.gone.add(aadObjectId);
  }

  restoreUser(aadObjectId: string): void {
    this.blocked.delete(aadObjectId);
    this.uninstalled.delete(aadObjectId);
    this.gone.delete(aadObjectId);
  }

  setRandom(random: RandomFaults | undefined): void {
    if (!random) {
      this.random = undefined;
      return;
    }
    validateRandom(random);
    this.random = { config: random, next: seededRandom(random.seed ?? 1) };
  }

  clear(): void {
    this.scripted = [];
    this.blocked.clear();
    this.uninstalled.clear();
    this.gone.clear();
    this.random = undefined;
  }

  /** Back to the options given at start (installed set included). */
  reset(): void {
    this.clear();
    this.installed.clear();
    for (const id of this.options.installed ?? []) this.installed.add(id);
    this.setRandom(this.options.random);
  }

  snapshot(): FaultsSnapshot {
    return {
      scripted: this.scripted.map((entry) => ({ ...entry })),
      blocked: [...this.blocked],
      uninstalled: [...this.uninstalled],
      gone: [...this.gone],
      installed: [...this.installed],
      random: this.random?.config,
    };
  }

  /** A queued fault that matches, used up as it fires. */
  takeScripted(context: FaultContext): FaultDecision | undefined {
    const index = this.scripted.findIndex((entry) => matches(entry.fault.match, context));
    if (index < 0) return undefined;
    const entry = this.scripted[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.scripted.splice(index, 1);
    return { action: entry.fault.action, reason: 'scripted' };
  }

  /** What Teams answers because of who the user is (gone, app removed, blocked, never installed). */
  async userState(context: FaultContext): Promise<FaultDecision | undefined> {
    const user = context.aadObjectId;
    if (user === undefined) return undefined;
    const creating = context.operation === 'createConversation';
    if (this.gone.has(user)) {
      const body = creating ? TEAMS_ERRORS.userNotFound : TEAMS_ERRORS.conversationNotFound;
      return { action: { kind: 'status', status: 404, body }, reason: 'user-gone' };
    }
    if (this.uninstalled.has(user) || (creating && !(await this.isInstalled(user)))) {
      return {
        action: { kind: 'status', status: 403, body: TEAMS_ERRORS.notInRoster },
        reason: 'not-installed',
      };
    }
    if (!creating && this.blocked.has(user)) {
      return { action: { kind: 'status', status: 403, body: TEAMS_ERRORS.blocked }, reason: 'blocked' };
    }
    return undefined;
  }

  rollRandom(context: FaultContext): FaultDecision | undefined {
    if (!this.random) return undefined;
    const { config, next } = this.random;
    if (config.operations && !config.operations.includes(context.operation)) return undefined;
    const roll = next();
    let cumulative = 0;
    for (const kind of RANDOM_ORDER) {
      cumulative += config.probabilities[kind] ?? 0;
      if (roll >= cumulative) continue;
      if (kind === 'timeout') {
        return { action: { kind: 'timeout', mode: config.timeoutMode ?? 'hold' }, reason: 'random' };
      }
      const status = Number(kind);
      const retryAfterSeconds =
        status === 429 || status === 503 ? (config.retryAfterSeconds ?? 1) : undefined;
      return { action: { kind: 'status', status, retryAfterSeconds }, reason: 'random' };
    }
    return undefined;
  }

  private async isInstalled(aadObjectId: string): Promise<boolean> {
    if (!this.options.requireInstall) return true;
    if (this.installed.has(aadObjectId)) return true;
    return this.options.isInstalled ? await this.options.isInstalled(aadObjectId) : false;
  }
}
