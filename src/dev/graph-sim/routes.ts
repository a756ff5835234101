import { batchRoutes } from './resources/batch';
import { groupRoutes } from './resources/groups';
import { mfaRequirementRoutes } from './resources/mfa-requirements';
import { phoneMethodRoutes } from './resources/phone-methods';
import { registrationDetailsRoutes } from './resources/registration-details';
import { teamworkRoutes } from './resources/teamwork';
import { userRoutes } from './resources/users';
import { Router } from './router';

/** Every Graph endpoint the simulator knows, one family per file. */
export function createGraphRouter(): Router {
  return new Router([
    ...userRoutes,
    ...groupRoutes,
    ...phoneMethodRoutes,
    ...registrationDetailsRoutes,
    ...mfaRequirementRoutes,
    ...teamworkRoutes,
    ...batchRoutes,
  ]);
}
