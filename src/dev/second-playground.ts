/**
 * `npm run dev -- --as <person>` next to a running local world: a second Agents Playground where
 * the UI is somebody else (Megan, the helpdesk), on the same bot. It tells the world's connector
 * router it is there, so the shared channel's posts reach it too, and says goodbye when it stops.
 * It also leaves a record (attached-playgrounds.ts) for as long as it runs, so a world that starts
 * again on the same bot attaches it again by itself.
 */
import { forgetAttachedPlayground, recordAttachedPlayground } from './attached-playgrounds';
import { PLAYGROUNDS_PATH } from './dev-routes';
import { writePlaygroundConfig } from './playground/config-types';
import { type PlaygroundPerson, playgroundConfigAs } from './playground/dev-tenant';
import { type Playground, startPlayground } from './playground/launch';

export interface SecondPlaygroundOptions {
  /** The running world's bot endpoint (`http://127.0.0.1:3978/api/messages`). */
  botEndpoint: string;
  person: PlaygroundPerson;
  port: number;
  /** Its config and devTools/ log go here. */
  cwd: string;
  /** Where it records itself for a world that starts again (ATTACHED_PLAYGROUNDS_DIR of that world). */
  recordDir: string;
}

export class PlaygroundNotTakenError extends Error {}

export async function startSecondPlayground(options: SecondPlaygroundOptions): Promise<Playground> {
  const playground = await startPlayground({
    botEndpoint: options.botEndpoint,
    port: options.port,
    cwd: options.cwd,
    configPath: writePlaygroundConfig(options.cwd, playgroundConfigAs(options.person)),
  });
  const registry = new URL(PLAYGROUNDS_PATH, options.botEndpoint).toString();
  const tell = (method: 'POST' | 'DELETE') =>
    fetch(registry, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: playground.url }),
      signal: AbortSignal.timeout(10_000),
    });
  const taken = await tell('POST').catch((error: Error) => error);
  if (taken instanceof Error || !taken.ok) {
    await playground.stop();
    throw new PlaygroundNotTakenError(
      `the local world at ${options.botEndpoint} did not take the new Playground (${taken instanceof Error ? taken.message : taken.status})`,
    );
  }
  recordAttachedPlayground(options.recordDir, {
    pid: process.pid,
    url: playground.url,
    port: playground.port,
    person: options.person,
    botEndpoint: options.botEndpoint,
  });
  return {
    ...playground,
    async stop() {
      forgetAttachedPlayground(options.recordDir, playground.port);
      await tell('DELETE').catch(() => undefined);
      await playground.stop();
    },
  };
}
