/**
 * `.data/dev-playgrounds/<port>.json`: a second Playground (`npm run dev -- --as megan`) says here
 * that it runs, next to which bot, for as long as its process lives. A local world that starts (or
 * starts again, Redis kept) attaches every one still running for its bot before it sends anything,
 * so the helpdesk's Playground keeps getting the channel's posts and its person's chats across a
 * restart of `npm run dev`, without anybody doing anything. One file per Playground: no two
 * writers share a file. A file whose process is gone is removed by the next reader.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isProcessAlive } from '../cli/world-file';

export const ATTACHED_PLAYGROUNDS_DIR = join('.data', 'dev-playgrounds');

const AttachedPlayground = z.object({
  /** The `npm run dev -- --as <person>` process that runs the Playground. */
  pid: z.number().int().positive(),
  /** The Playground's UI, `http://localhost:<port>`; its connector is `<url>/_connector`. */
  url: z.url().max(200),
  port: z.number().int().min(1).max(65535),
  person: z.string().max(40),
  /** The bot it talks to: only a world on this endpoint attaches it. */
  botEndpoint: z.url().max(200),
});
export type AttachedPlayground = z.infer<typeof AttachedPlayground>;

function fileOf(dir: string, port: number): string {
  return join(dir, `${port}.json`);
}

/** Written whole or not at all. */
export function recordAttachedPlayground(dir: string, playground: AttachedPlayground): void {
  mkdirSync(dir, { recursive: true });
  const path = fileOf(dir, playground.port);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(playground, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Removes the record of the Playground on `port` if it is still this process's. */
export function forgetAttachedPlayground(dir: string, port: number, pid = process.pid): void {
  const path = fileOf(dir, port);
  const found = readRecord(path);
  if (found && found.pid !== pid) return;
  rmSync(path, { force: true });
}

function readRecord(path: string): AttachedPlayground | undefined {
  try {
    const parsed = AttachedPlayground.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The Playgrounds whose process still runs, next to this bot; records of stopped ones are removed. */
export function runningPlaygroundsFor(dir: string, botEndpoint: string): AttachedPlayground[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^\d+\.json$/.test(name));
  } catch {
    return [];
  }
  const running: AttachedPlayground[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const record = readRecord(path);
    if (!record || !isProcessAlive(record.pid)) {
      rmSync(path, { force: true });
      continue;
    }
    if (record.botEndpoint === botEndpoint) running.push(record);
  }
  return running.sort((a, b) => a.port - b.port);
}
