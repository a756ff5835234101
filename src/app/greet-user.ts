import type { RolloutDeps } from './deps';

/**
 * Whether to greet a user who installed the app or opened the 1:1 chat: the first time only
 * (remembered in Redis, so reloading the Playground or reinstalling says nothing again), and not
 * when they are in an active wave: their awareness card introduces the bot, and a greeting sent
 * while the app is installed for that card would only race it.
 */
export async function greetOnce(deps: RolloutDeps, userId: string): Promise<boolean> {
  if (!(await deps.greetings.claim(userId, deps.now()))) return false;
  return (await deps.activeWaves.waveOf(userId)) === undefined;
}
