import { z } from 'zod';
import { ENFORCEMENT_MODES } from './rollout/enforcement-mode';
import { GUID_PATTERN } from './rollout/guid';
import { DEADLINE_DAYS } from './rollout/wave-start';

/**
 * Every setting, validated once at start. A wrong value stops the process with one line naming
 * the variable, so an operator never debugs a half-configured bot.
 */
const csvList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));

const guid = z.string().regex(GUID_PATTERN, 'expected a GUID');

/** A BCP 47 tag as Teams sends them ("en", "en-US", "da-DK"); a language without cards reads English. */
function isLocaleTag(tag: string): boolean {
  try {
    return tag.length <= 35 && Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Bot Framework identity. Empty BOT_ID = local only: no inbound token checks, no outbound tokens.
  BOT_ID: z.string().default(''),
  BOT_PASSWORD: z.string().default(''),
  BOT_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  BOT_TENANT_ID: z.string().default(''),
  /** The Teams app (catalog) id used for proactive installs. */
  TEAMS_APP_ID: z.string().default(''),
  /** Service URL for users who never talked to the bot yet. */
  TEAMS_SERVICE_URL: z.url().default('https://smba.trafficmanager.net/teams/'),
  TENANT_ID: z.string().default(''),

  REDIS_URL: z.string().optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/i)
    .default('mfa'),

  GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
  GRAPH_TENANT_ID: z.string().default(''),
  GRAPH_CLIENT_ID: z.string().default(''),
  GRAPH_CLIENT_SECRET: z.string().default(''),
  /**
   * Identity writes (phone methods, group members, per-user MFA) the whole fleet sends per window:
   * 0.95 × Graph's 3,000 per 150 s per app per tenant, leaving room for writes made elsewhere.
   */
  // At least one full `$batch` (20 writes).
  GRAPH_IDENTITY_WRITES_PER_WINDOW: z.coerce.number().int().min(20).max(100_000).default(2850),
  GRAPH_IDENTITY_WRITE_WINDOW_SECONDS: z.coerce.number().positive().max(3600).default(150),

  ADMIN_USER_IDS: csvList,
  ADMIN_GROUP_ID: z.union([guid, z.literal('')]).default(''),
  /**
   * The admin (helpdesk) channel, by its Teams conversation id: helpdesk approval cards go here, and
   * a wave started outside a chat (the CLI) is announced and digested here. Empty: the wave's chat.
   */
  ADMIN_CHANNEL_ID: z
    .union([
      z.string().regex(/^19:\S+@thread\.(tacv2|skype)$/, 'expected a Teams channel id (19:…@thread.tacv2)'),
      z.literal(''),
    ])
    .default(''),
  /** The admin channel as people know it ("IT Rollout › MFA Rollout"), for what the CLI prints; optional. */
  ADMIN_CHANNEL_NAME: z.string().trim().max(120).default(''),
  /** Accounts never targeted (break-glass, service accounts). */
  EXCLUDED_USER_IDS: csvList,

  ACTION_TOKEN_SECRET: z.string().default(''),
  ACTION_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),

  /**
   * How users are enforced: added to the group a Conditional Access policy targets (`ca-group`),
   * legacy per-user MFA (`per-user`, beta API), or everything but the write (`report-only`).
   */
  ENFORCEMENT_MODE: z.enum(ENFORCEMENT_MODES).default('ca-group'),
  /** The group the Conditional Access policy requiring MFA targets (mode `ca-group`). */
  ENFORCEMENT_GROUP_ID: z.union([guid, z.literal('')]).default(''),
  /** Emergency access accounts, read through Graph: never enforced, whatever an admin overrides. */
  BREAK_GLASS_GROUP_ID: z.union([guid, z.literal('')]).default(''),
  /** Enforcing more users than this at once needs a second admin's approval (four eyes). */
  ENFORCE_APPROVAL_THRESHOLD: z.coerce.number().int().min(0).max(10_000_000).default(50),
  /** Microsoft-provided SMS and voice MFA retire on this day: phone-only users then need a strong method. */
  SMS_VOICE_RETIREMENT_DATE: z.iso.date('expected a date such as 2027-02-01').default('2027-02-01'),
  /** The tenant runs its own telecom provider for SMS/voice: phone-only stays usable after the retirement. */
  TELECOM_PROVIDER_DECLARED: bool(false),
  /** How long an enforcement preview may be confirmed (and approved) before it must be made again. */
  ENFORCE_PLAN_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .default(24),
  PHONE_CORRECTION_POLICY: z.enum(['self-service', 'approval']).default('approval'),

  WAVE_DEFAULT_DEADLINE_DAYS: z.coerce
    .number()
    .int()
    .min(DEADLINE_DAYS.min)
    .max(DEADLINE_DAYS.max)
    .default(14),
  /**
   * Language and date format of a wave's admin cards (announcement, digest, helpdesk approvals)
   * when the wave has none of its own, i.e. it was started from the CLI; a chat start uses the admin's.
   */
  WAVE_DEFAULT_LOCALE: z
    .string()
    .trim()
    .refine(isLocaleTag, 'expected a locale tag such as en, en-US or da-DK')
    .default('en'),
  /** Connector requests per second for the whole fleet: a little under Teams' 50 per app per tenant. */
  OUTREACH_RATE_PER_SECOND: z.coerce.number().positive().max(5000).default(48),
  /**
   * Outreach jobs one process works on at once. Each mostly waits (for the rate gate, Teams, Redis),
   * so it takes a few dozen to keep the gate busy; more only helps when the rate is raised far above Teams'.
   */
  OUTREACH_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  WORKERS_IN_PROCESS: bool(true),
  /** Attempts to reach a user before they are marked unreachable (429s do not count). */
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay; doubles each time, with jitter. */
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  /**
   * How long a worker's hold on a job lasts without renewal: a worker that died mid-job frees its
   * jobs (and the user's conversation) after about this long.
   */
  JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /** How often the registration report is read to find users who set up Authenticator or a passkey. */
  REGISTRATION_SWEEP_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** How often enforced users are read back (Verify): lost every method, or no longer enforced. */
  ENFORCEMENT_VERIFY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** "Remind me tomorrow" waits this long; the cards say when ("in 6 hours" unless it is 24). */
  SNOOZE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  /** At the deadline, also tell an unresponsive user's manager (Graph /users/{id}/manager). */
  ESCALATE_TO_MANAGER: bool(false),
  ORGANIZATION_NAME: z.string().default('Contoso IT'),
  /** Empty: the cards say "your IT helpdesk" in the reader's language. */
  HELPDESK_CONTACT: z.string().default(''),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A fixed development secret keeps card tokens valid across dev restarts; production must set its own. */
const DEVELOPMENT_TOKEN_SECRET = 'development-only-action-token-secret-not-for-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.path.join('.') || 'environment';
    throw new ConfigError(`Invalid configuration: ${name}: ${issue.message}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production') {
    for (const name of ['BOT_ID', 'BOT_PASSWORD', 'ACTION_TOKEN_SECRET', 'REDIS_URL'] as const) {
      if (!config[name]) throw new ConfigError(`Invalid configuration: ${name} is required in production`);
    }
    if (config.BOT_TYPE === 'SingleTenant' && !config.BOT_TENANT_ID) {
      throw new ConfigError('Invalid configuration: BOT_TENANT_ID is required for a SingleTenant bot');
    }
    if (config.ACTION_TOKEN_SECRET.length < 32) {
      throw new ConfigError('Invalid configuration: ACTION_TOKEN_SECRET must be at least 32 characters');
    }
  }
  if (config.ENFORCEMENT_MODE === 'per-user' && config.ENFORCEMENT_GROUP_ID) {
    throw new ConfigError(
      'Invalid configuration: ENFORCEMENT_MODE=per-user is refused while ENFORCEMENT_GROUP_ID is set: ' +
        'Microsoft advises against per-user MFA where Conditional Access enforces MFA; use one mode per tenant',
    );
  }
  if (!config.ACTION_TOKEN_SECRET) config.ACTION_TOKEN_SECRET = DEVELOPMENT_TOKEN_SECRET;
  return config;
}
