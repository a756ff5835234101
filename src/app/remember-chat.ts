import type { ConversationReference } from 'botbuilder';
import type { RolloutDeps } from './deps';

/** Where a user can be reached: their 1:1 chat, as the activity they sent named it. */
export async function rememberPersonalChat(
  deps: RolloutDeps,
  userId: string,
  reference: Partial<ConversationReference>,
): Promise<void> {
  await deps.refs.saveForUser(userId, reference);
}

/** Admin posts of a wave started elsewhere (the CLI) can go where an admin last gave a command. */
export async function rememberAdminChat(
  deps: RolloutDeps,
  reference: Partial<ConversationReference>,
  admin: { id: string; name: string },
): Promise<void> {
  await deps.refs.saveLastAdminChat({ reference, admin, at: deps.now().toISOString() });
}

/** Somebody who is not an admin tried an admin command: kept in the audit trail. */
export async function auditAdminCommandRefused(
  deps: RolloutDeps,
  actor: string | undefined,
  command: string,
): Promise<void> {
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: actor ?? 'unknown',
    action: 'admin-command-refused',
    detail: command,
  });
}
