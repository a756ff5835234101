/**
 * What the local world adds to the bot's HTTP server (never in production): the connector router
 * under `/_dev/connector/` (the dev TEAMS_SERVICE_URL, on the bot's port so the address stored in
 * conversation references stays the same across restarts), and `/_dev/playgrounds`, where a
 * second Playground (`npm run dev -- --as megan`) says it is there and when it leaves.
 */
import type restify from 'restify';
import { z } from 'zod';
import type { ConnectorRouter } from './connector-router';
import { fetchPlaygroundTenant } from './playground/playground-tenant';

export const CONNECTOR_ROUTER_PATH = '/_dev/connector';
export const PLAYGROUNDS_PATH = '/_dev/playgrounds';
/** `curl --data-binary @phones.csv http://127.0.0.1:3978/_dev/files/phones.csv`: the Playground's user sends it. */
export const FILES_PATH = '/_dev/files';

const FileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\]+$/);

const PlaygroundAddress = z.object({ url: z.url().max(200) });

export function connectorRouterUrl(botBaseUrl: string): string {
  return `${botBaseUrl.replace(/\/+$/, '')}${CONNECTOR_ROUTER_PATH}/`;
}

export interface DevRouteHooks {
  /** A second Playground left: what the bot stored about chats there is of no use any more. */
  playgroundLeft?(connectorUrl: string): Promise<unknown>;
  /** The Playground's user sends this file to the bot in their 1:1 chat (the Playground cannot). */
  sendFile?(name: string, content: Buffer): Promise<{ conversationId: string; from: string }>;
}

export function mountDevRoutes(
  server: restify.Server,
  router: ConnectorRouter,
  hooks: DevRouteHooks = {},
): void {
  const connector = async (req: restify.Request, res: restify.Response) => {
    const path = (req.url ?? '').slice(CONNECTOR_ROUTER_PATH.length) || '/';
    const body =
      typeof req.rawBody === 'string'
        ? req.rawBody
        : req.body === undefined
          ? undefined
          : JSON.stringify(req.body);
    const answer = await router.route({ method: req.method ?? 'GET', path, body });
    res.sendRaw(answer.status, answer.body, {
      'content-type': answer.contentType,
      ...(answer.retryAfterSeconds === undefined ? {} : { 'retry-after': String(answer.retryAfterSeconds) }),
    });
  };
  server.get(`${CONNECTOR_ROUTER_PATH}/*`, connector);
  server.post(`${CONNECTOR_ROUTER_PATH}/*`, connector);
  server.put(`${CONNECTOR_ROUTER_PATH}/*`, connector);
  server.del(`${CONNECTOR_ROUTER_PATH}/*`, connector);

  server.post(`${FILES_PATH}/:name`, async (req, res) => {
    const name = FileName.safeParse(req.params?.name);
    // restify's bodyParser leaves a text/csv body unparsed: the raw bytes are what we want.
    const body: unknown = req.rawBody ?? req.body;
    const content = Buffer.isBuffer(body) ? body : typeof body === 'string' ? Buffer.from(body) : undefined;
    if (!hooks.sendFile || !name.success || !content?.length) {
      res.send(400, { error: `expected the file's bytes as the body of POST ${FILES_PATH}/<file name>` });
      return;
    }
    try {
      res.send(200, { sent: name.data, ...(await hooks.sendFile(name.data, content)) });
    } catch (error) {
      res.send(502, { error: (error as Error).message });
    }
  });

  server.post(PLAYGROUNDS_PATH, async (req, res) => {
    const parsed = PlaygroundAddress.safeParse(req.body);
    const url = parsed.success ? parsed.data.url.replace(/\/+$/, '') : undefined;
    const tenant = url && (await fetchPlaygroundTenant(url));
    if (!url || !tenant) {
      res.send(400, { error: 'expected {"url": "<a running Agents Playground>"}' });
      return;
    }
    router.attach({ connectorUrl: `${url}/_connector`, tenant });
    res.send(200, { attached: url, as: tenant.currentUser.name });
  });
  server.del(PLAYGROUNDS_PATH, async (req, res) => {
    const parsed = PlaygroundAddress.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { error: 'expected {"url": "<an attached Agents Playground>"}' });
      return;
    }
    const connectorUrl = `${parsed.data.url.replace(/\/+$/, '')}/_connector`;
    router.detach(connectorUrl);
    await hooks.playgroundLeft?.(connectorUrl);
    res.send(200, { detached: parsed.data.url });
  });
}
