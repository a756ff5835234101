import { errorResponse, SimHttpError } from './graph-errors';
import type { Route, SimRequest, SimResponse, SimServices } from './types';

/**
 * A flat route table. Graph answers an unknown segment with 400 ("Resource not found for the
 * segment") rather than 404, and a known resource with the wrong verb with 405; we do the same so
 * the client code sees the statuses it will see in production.
 */
export class Router {
  constructor(private readonly routes: readonly Route[]) {}

  dispatch(request: SimRequest, services: SimServices): SimResponse {
    let pathKnown = false;
    for (const route of this.routes) {
      if (route.versions && !route.versions.includes(request.version)) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      pathKnown = true;
      if (route.method !== request.method) continue;
      try {
        const params = match.slice(1).map((value) => decodeURIComponent(value ?? ''));
        return route.handler(request, params, services);
      } catch (error) {
        if (error instanceof SimHttpError)
          return errorResponse(error.status, error.code, error.message, error.headers);
        return errorResponse(
          500,
          'InternalServerError',
          error instanceof Error ? error.message : 'Internal error',
        );
      }
    }
    if (pathKnown) {
      return errorResponse(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
      );
    }
    const segments = request.path.split('/').filter(Boolean);
    const last = decodeURIComponent(segments.at(-1) ?? '');
    return errorResponse(400, 'BadRequest', `Resource not found for the segment '${last}'.`);
  }
}
