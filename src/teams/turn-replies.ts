import type { Middleware, TurnContext } from 'botbuilder';
import { retrySoon } from './retry-soon';

/**
 * Replies and card updates made inside a turn meet Teams' per-chat limits like any other request:
 * a 429 (or an answer saying nothing was posted) is waited out and tried again, a few times, instead
 * of failing the turn. A batch of several activities is not retried: the first may have gone out.
 */
export const retryThrottledTurnWrites: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities((_context, activities, send) =>
      activities.length === 1 ? retrySoon(send) : send(),
    );
    context.onUpdateActivity((_context, _activity, update) => retrySoon(update));
    await next();
  },
};
