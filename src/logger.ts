import pino, { type DestinationStream, type Logger } from 'pino';
import { maskPhonesInText } from './rollout/phone-mask';

export type { Logger };

/** Field names whose values never reach a log line, wherever they sit in the object. */
const SECRET_KEYS = new Set([
  'authorization',
  'token',
  'accesstoken',
  'access_token',
  'password',
  'secret',
  'clientsecret',
  'botpassword',
  'client_secret',
  'cookie',
]);

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return maskPhonesInText(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEYS.has(key.toLowerCase()) ? '[redacted]' : scrub(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * pino with a last line of defence: every string (message and fields) is passed through the phone
 * masker and secret-looking keys are redacted, so a careless log call cannot leak a number or token.
 */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  name = 'mfa-rollout-bot',
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    formatters: { log: (object) => scrub(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg) => scrub(arg)) as Parameters<typeof method>;
        method.apply(this, cleaned);
      },
    },
    serializers: {
      err: (error: Error) =>
        scrub(pino.stdSerializers.err(error)) as ReturnType<typeof pino.stdSerializers.err>,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
