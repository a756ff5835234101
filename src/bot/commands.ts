/**
 * What a chat message asks for. Parsing is separate from acting so every phrasing is testable
 * without a bot turn.
 */
export type Command =
  | { kind: 'wave-start'; groupId: string; name?: string }
  | { kind: 'wave-status'; waveId?: string }
  | { kind: 'wave-list' }
  /** "wave start" without a group (the Teams command menu sends it bare): explain the syntax. */
  | { kind: 'wave-usage' }
  | { kind: 'my-status' }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ADMIN_COMMANDS: ReadonlySet<Command['kind']> = new Set([
  'wave-start',
  'wave-status',
  'wave-list',
  'wave-usage',
]);

export function parseCommand(raw: string): Command {
  const text = raw.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  const words = text.split(' ');
  if (/^(wave|waves) (start|create|announce)\b/.test(lower)) {
    const rest = words.slice(2);
    const nameFlag = rest.indexOf('--name');
    const groupFlag = rest.indexOf('--group');
    let groupId = groupFlag >= 0 ? rest[groupFlag + 1] : rest.find((word) => GUID.test(word));
    if (groupId && !GUID.test(groupId)) groupId = undefined;
    const name =
      nameFlag >= 0
        ? rest.slice(nameFlag + 1).join(' ')
        : rest
            .filter((word, i) => word !== groupId && word !== '--group' && rest[i - 1] !== '--group')
            .join(' ');
    if (!groupId) return { kind: 'wave-usage' };
    return { kind: 'wave-start', groupId, name: name.trim() || undefined };
  }
  if (/^(wave|waves) status\b/.test(lower)) return { kind: 'wave-status', waveId: words[2] };
  if (/^(waves|wave list|list waves)$/.test(lower)) return { kind: 'wave-list' };
  if (/^(help|menu|\?)$/.test(lower)) return { kind: 'help' };
  if (/^(my status|status|min status|mein status|mon statut|mi estado)$/.test(lower))
    return { kind: 'my-status' };
  return { kind: 'unknown', text };
}
