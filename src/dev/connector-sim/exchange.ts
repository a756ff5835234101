import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectorRoute } from './routes';

/** Who a request is about, worked out from its route and body. */
export interface Target {
  readonly conversationId: string | undefined;
  readonly aadObjectId: string | undefined;
  readonly tenantKey: string;
}

/** One Bot Connector request on its way through the simulator, and the answer it will get. */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly route: ConnectorRoute;
  body: unknown;
  target: Target;
}

export const NO_TARGET: Target = { conversationId: undefined, aadObjectId: undefined, tenantKey: 'default' };
