/**
 * `.data/dev-world.json`: what a running `npm run dev` tells the tools beside it (the CLI, a second
 * Playground) so they find it by themselves: its process, addresses and the settings the CLI needs
 * to work on the same data (Redis URL and key prefix, the Graph simulator, the admin channel).
 * Written at start, removed on stop; a file whose process is gone is ignored. Never a secret: no
 * password, no token secret, no Redis URL with credentials in it.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config';

export const WORLD_FILE_NAME = join('.data', 'dev-world.json');

/** The settings the CLI takes from the running world (by name, as in the environment). */
const SHARED_SETTINGS = [
  'REDIS_URL',
  'REDIS_PREFIX',
  'GRAPH_BASE_URL',
  'TEAMS_SERVICE_URL',
  'TENANT_ID',
  'TEAMS_APP_ID',
  'ADMIN_USER_IDS',
  'ADMIN_GROUP_ID',
  'ADMIN_CHANNEL_ID',
  'ADMIN_CHANNEL_NAME',
  'EXCLUDED_USER_IDS',
  'ENFORCEMENT_MODE',
  'ENFORCEMENT_GROUP_ID',
  'BREAK_GLASS_GROUP_ID',
  'ENFORCE_APPROVAL_THRESHOLD',
  'SMS_VOICE_RETIREMENT_DATE',
  'TELECOM_PROVIDER_DECLARED',
  'PHONE_CORRECTION_POLICY',
  'WAVE_DEFAULT_DEADLINE_DAYS',
  'ORGANIZATION_NAME',
  'HELPDESK_CONTACT',
] as const satisfies readonly (keyof Config)[];

const WorldFile = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  botEndpoint: z.string(),
  playgroundUrl: z.string(),
  settings: z.record(z.string(), z.string()),
});
export type WorldFile = z.infer<typeof WorldFile>;

/** A Redis URL that carries a password stays out of the file; whoever needs it sets REDIS_URL. */
function withoutCredentials(settings: Record<string, string>): Record<string, string> {
  const url = settings.REDIS_URL;
  if (!url) return settings;
  try {
    const parsed = new URL(url);
    if (!parsed.password && !parsed.username) return settings;
  } catch {
    // not a URL we can judge: leave it out too
  }
  const { REDIS_URL: _secret, ...rest } = settings;
  return rest;
}

export function worldSettings(config: Config): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of SHARED_SETTINGS) {
    const value = config[name];
    const text = Array.isArray(value) ? value.join(',') : value === undefined ? '' : String(value);
    if (text) settings[name] = text;
  }
  return withoutCredentials(settings);
}

/** Written whole or not at all (a reader never sees half a file). */
export function writeWorldFile(path: string, world: WorldFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(world, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Removes the file if it is still this process's (a newer world may have replaced it). */
export function removeWorldFile(path: string, pid = process.pid): void {
  const found = readWorldFile(path);
  if (found.kind === 'running' || found.kind === 'stale') {
    if (found.world.pid !== pid) return;
  }
  rmSync(path, { force: true });
}

export type FoundWorld =
  | { kind: 'running'; world: WorldFile }
  | { kind: 'stale'; world: WorldFile }
  | { kind: 'none' }
  | { kind: 'unreadable'; reason: string };

/** The process runs (on this machine); used for every file a running tool leaves for the others. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readWorldFile(path: string): FoundWorld {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', reason: (error as Error).message };
  }
  let parsed: ReturnType<typeof WorldFile.safeParse>;
  try {
    parsed = WorldFile.safeParse(JSON.parse(text));
  } catch {
    return { kind: 'unreadable', reason: 'not JSON' };
  }
  if (!parsed.success) return { kind: 'unreadable', reason: parsed.error.issues[0]?.message ?? 'bad shape' };
  return { kind: isProcessAlive(parsed.data.pid) ? 'running' : 'stale', world: parsed.data };
}
