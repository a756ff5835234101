/**
 * What the CLI was asked, read before anything is connected: a command to run with its flags, or
 * the usage to print. A command word alone (`wave`) or a command missing what it needs
 * (`wave start` without a group or file) prints that command's usage, not "unknown command".
 */
import { parseArgs } from 'node:util';
import { DEADLINE_DAYS, WAVE_NAME_MAX_CHARS } from '../rollout/wave-start';

export const COMMAND_NAMES = [
  'wave start',
  'wave status',
  'waves',
  'wave enforce',
  'wave undo',
  'wave override',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Other words for a command. */
const ALIASES: Record<string, CommandName> = { status: 'wave status' };

const COMMAND_USAGE: Record<CommandName, string> = {
  'wave start': `  npm run cli -- wave start --group <entra-group-id> [--name <wave name>] [--deadline-days <n>] [--include-overlap] [--json]
  npm run cli -- wave start --csv <file> [--name <wave name>] [--deadline-days <n>] [--include-overlap] [--dry-run] [--skip-invalid] [--json]
      --name: at most ${WAVE_NAME_MAX_CHARS} characters (default: the group's name, or the file's, shortened to fit).
      --deadline-days: ${DEADLINE_DAYS.min} to ${DEADLINE_DAYS.max} (default: WAVE_DEFAULT_DEADLINE_DAYS).
      A user is in one active wave at a time: a start with users already in an active wave is
      refused (nothing created) unless --include-overlap, which leaves those users out.
      CSV: a userPrincipalName (or UPN, Email) and/or id (or objectId) column, optional displayName;
      or no header and one object id or UPN per line. , ; TAB and | are recognised as delimiters.
      --dry-run checks every row and looks the users up in the directory, says what a start would
      do, and creates nothing. Without --skip-invalid, a file with any malformed row is refused.`,
  'wave status': `  npm run cli -- wave status [<wave-id>] [--json]
      A wave's counts and who needs attention, as in the admin digest (the newest wave without an id).`,
  waves: `  npm run cli -- waves [--json]
      The recent waves, newest first.`,
  'wave enforce': `  npm run cli -- wave enforce <wave-id> [--dry-run] [--yes] [--approved-by <admin id>] [--wait] [--json]
      Previews who is enforced and who a gate holds back (and why); --yes starts it (the bot's workers
      run it; --wait follows it to the end). More users than ENFORCE_APPROVAL_THRESHOLD need
      --approved-by <Entra id of a second admin> (four eyes; checked as an admin), or it refuses.`,
  'wave undo': `  npm run cli -- wave undo <wave-id> [--user <id>] [--json]
      Puts back what was there before the enforcement (group membership / per-user MFA state).`,
  'wave override': `  npm run cli -- wave override <wave-id> --user <id> --reason "…"
      Lets one user through the method gates (audited); never an excluded or break-glass account.`,
};

const FOOTER = `Next to \`npm run dev\` the CLI finds the local world by itself (.data/dev-world.json). Elsewhere it
needs REDIS_URL and the bot's other settings; the bot or worker processes send the cards.
--json prints JSON for scripts; anything that fails prints one line and exits 1.`;

/** The usage of some commands (all of them by default), with the lines every command shares. */
export function usage(commands: readonly CommandName[] = COMMAND_NAMES): string {
  return ['Usage:', ...commands.map((name) => COMMAND_USAGE[name]), FOOTER].join('\n');
}

/** Every flag of every command; each command reads the ones it knows. */
const OPTIONS = {
  group: { type: 'string' },
  csv: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'skip-invalid': { type: 'boolean' },
  'include-overlap': { type: 'boolean' },
  json: { type: 'boolean' },
  name: { type: 'string' },
  'deadline-days': { type: 'string' },
  yes: { type: 'boolean' },
  'approved-by': { type: 'string' },
  wait: { type: 'boolean' },
  user: { type: 'string' },
  reason: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CommandValues = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

export type CommandLine =
  | {
      kind: 'run';
      name: CommandName;
      values: CommandValues /** Words after the command's own (a wave id). */;
      args: string[];
    }
  /**
   * Print the usage (`text`), after the problem when there is one (both to stderr, else to stdout),
   * and exit with `code`: 0 when the usage was asked for (--help), 2 otherwise.
   */
  | { kind: 'usage'; text: string; problem?: string; code: 0 | 2 };

function usageOf(commands: readonly CommandName[], problem: string | undefined, asked: boolean): CommandLine {
  return { kind: 'usage', text: usage(commands), problem, code: asked && !problem ? 0 : 2 };
}

/** The commands whose first word is `word` (`wave` → wave start, wave status). */
function commandsStartingWith(word: string): CommandName[] {
  return COMMAND_NAMES.filter((name) => name.split(' ')[0] === word && name.includes(' '));
}

/** What a command needs beyond its words, checked before anything is connected. */
function missing(name: CommandName, values: CommandValues): string | undefined {
  if (name !== 'wave start') return undefined;
  if (values.group && values.csv) return 'wave start takes --group or --csv, not both';
  if (!values.group && !values.csv) return 'wave start needs --group <entra-group-id> or --csv <file>';
  return undefined;
}

export function readCommandLine(argv: readonly string[]): CommandLine {
  let parsed: { values: CommandValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    return usageOf(COMMAND_NAMES, (error as Error).message, false);
  }
  const { values, positionals } = parsed;
  const asked = values.help ?? false;
  if (!positionals.length) return usageOf(COMMAND_NAMES, undefined, asked);
  for (const words of [2, 1]) {
    const spoken = positionals.slice(0, words).join(' ');
    const name = (COMMAND_NAMES as readonly string[]).includes(spoken)
      ? (spoken as CommandName)
      : ALIASES[spoken];
    if (!name || positionals.length < words) continue;
    if (asked) return usageOf([name], undefined, true);
    const problem = missing(name, values);
    if (problem) return usageOf([name], problem, false);
    return { kind: 'run', name, values, args: positionals.slice(words) };
  }
  const [first = '', second] = positionals;
  const family = commandsStartingWith(first);
  if (family.length) {
    // `wave` alone, or `wave <something it does not have>`.
    const problem = second === undefined ? undefined : `unknown command "${first} ${second}"`;
    return usageOf(family, problem, asked && !problem);
  }
  return usageOf(COMMAND_NAMES, `unknown command "${positionals.join(' ')}"`, false);
}
