import { isGuid } from '../rollout/guid';
import { isChatCommand } from './help/phrase-rules';
/**
 * What a chat message asks for. Parsing is separate from acting so every phrasing is testable
 * without a bot turn.
 */
export type Command =
  | {
      kind: 'wave-start';
      groupId: string;
      name?: string;
      /** Leave out users already in an active wave instead of refusing the start. */
      includeOverlap: boolean;
      /** As typed; the wave start checks it. */
      deadlineDays?: string;
    }
  | { kind: 'wave-status'; waveId?: string }
  | { kind: 'wave-list' }
  /** `wave undo <wave id> <user id or UPN>`: one user's enforcement undone (the digest undoes a wave). */
  | { kind: 'wave-undo-user'; waveId?: string; user?: string }
  /** "wave start" without a group (the Teams command menu sends it bare): explain the syntax. */
  | { kind: 'wave-usage' }
  | { kind: 'my-status' }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string };

/**
 * Longer than any command, question or pasted message a person sends the bot; a longer message is
 * answered with the limit and not read further.
 */
export const MAX_MESSAGE_CHARS = 8000;

const WAVE_START_FLAGS = new Set(['--group', '--name', '--deadline-days', '--include-overlap']);

/** `wave start <group id> [name]` with the CLI's flags; an unknown flag or no group id shows the syntax. */
function parseWaveStart(rest: readonly string[]): Command {
  let groupId: string | undefined;
  let deadlineDays: string | undefined;
  let includeOverlap = false;
  const nameWords: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const flag = word.toLowerCase();
    if (flag === '--include-overlap') includeOverlap = true;
    else if (flag === '--group') groupId = rest[++i] ?? '';
    else if (flag === '--deadline-days') deadlineDays = rest[++i] ?? '';
    else if (flag === '--name') {
      while (i + 1 < rest.length && !WAVE_START_FLAGS.has(rest[i + 1]!.toLowerCase()))
        nameWords.push(rest[++i]!);
    } else if (flag.startsWith('--')) return { kind: 'wave-usage' };
    else if (groupId === undefined && isGuid(word)) groupId = word;
    else nameWords.push(word);
  }
  if (!groupId || !isGuid(groupId)) return { kind: 'wave-usage' };
  const name = nameWords.join(' ').trim() || undefined;
  return {
    kind: 'wave-start',
    groupId,
    name,
    includeOverlap,
    ...(deadlineDays === undefined ? {} : { deadlineDays }),
  };
}

export const ADMIN_COMMANDS: ReadonlySet<Command['kind']> = new Set([
  'wave-start',
  'wave-status',
  'wave-list',
  'wave-usage',
  'wave-undo-user',
]);

export function parseCommand(raw: string): Command {
  const text = raw.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  const words = text.split(' ');
  if (/^(wave|waves) (start|create|announce)\b/.test(lower)) return parseWaveStart(words.slice(2));
  if (/^(wave|waves) status\b/.test(lower)) return { kind: 'wave-status', waveId: words[2] };
  if (/^(waves|wave list|list waves)$/.test(lower)) return { kind: 'wave-list' };
  if (/^wave undo\b/.test(lower)) return { kind: 'wave-undo-user', waveId: words[2], user: words[3] };
  if (/^(help|menu|\?)$/.test(lower)) return { kind: 'help' };
  // "wave" alone or with words the bot does not take: the menu, which lists the wave commands.
  if (/^wave\b/.test(lower)) return { kind: 'help' };
  if (isChatCommand('my-status', text)) return { kind: 'my-status' };
  return { kind: 'unknown', text };
}
