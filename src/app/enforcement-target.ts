import type { Config } from '../config';
import { assertNever } from '../rollout/assert-never';

/**
 * Whether the settings let the bot enforce: `ca-group` needs the group its Conditional Access policy
 * targets; `per-user` must not run beside such a group (refused at start too). The reason, or undefined.
 */
export function enforcementMisconfiguration(
  config: Pick<Config, 'ENFORCEMENT_MODE' | 'ENFORCEMENT_GROUP_ID'>,
): string | undefined {
  switch (config.ENFORCEMENT_MODE) {
    case 'ca-group':
      return config.ENFORCEMENT_GROUP_ID ? undefined : 'ENFORCEMENT_GROUP_ID is not set (mode ca-group)';
    case 'per-user':
      return config.ENFORCEMENT_GROUP_ID
        ? 'per-user MFA is refused while ENFORCEMENT_GROUP_ID is set (Conditional Access)'
        : undefined;
    case 'report-only':
      return undefined;
    default:
      return assertNever(config.ENFORCEMENT_MODE, 'enforcement mode');
  }
}
